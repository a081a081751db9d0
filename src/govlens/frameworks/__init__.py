"""Frameworks: the international instruments as data (one YAML per edition), rules that turn
check outcomes into indicator values, manual answers with provenance, and assessor agreement.

See docs/frameworks.md.
"""

from govlens.frameworks.agreement import (
    AgreementReport,
    agreement_report,
    cohen_kappa,
    percent_agreement,
)
from govlens.frameworks.loader import DATA_DIR, list_frameworks, load_all, load_framework
from govlens.frameworks.manual import (
    ManualAnswer,
    ManualAnswerError,
    load_manual,
    load_manual_files,
    parse_answer,
    read_manual,
    resolve_answers,
)
from govlens.frameworks.rules import RuleResult, rule_value
from govlens.frameworks.schema import Framework, FrameworkError, Indicator
from govlens.frameworks.template import template_rows
from govlens.frameworks.values import (
    AnswerIndex,
    IndicatorValue,
    framework_values,
    indicator_value,
    organisation_values,
    values_for_site,
)

__all__ = [
    "AgreementReport", "AnswerIndex", "DATA_DIR", "Framework", "FrameworkError", "Indicator",
    "IndicatorValue", "ManualAnswer", "ManualAnswerError", "RuleResult", "agreement_report",
    "cohen_kappa", "framework_values", "indicator_value", "rule_value", "values_for_site",
    "list_frameworks", "load_all", "load_framework", "load_manual", "load_manual_files",
    "organisation_values", "parse_answer", "percent_agreement", "read_manual", "resolve_answers",
    "template_rows",
]
