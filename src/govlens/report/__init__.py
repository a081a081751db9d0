"""Reports: self-contained HTML (Thai and English), and exports."""
