"""Words and sentences for the synthetic sites.

Link texts per feature follow the lexicon terms a visitor would read (Thai and English).
Neutral texts (news titles, filler, generic menu items) avoid every concept word of the
lexicon (ติดต่อ, ข่าว, ประกาศ, บริการออนไลน์, ยื่นคำขอ, ร้องเรียน, ข้อมูลเปิด, ชุดข้อมูล,
ประวัติ, ผู้บริหาร, ค้นหา, help, news, about, services, apply, data, policy …) so that an
absent feature is truly absent from every link.
"""

from __future__ import annotations

import datetime as _dt

# feature → language → link texts a visitor reads
LINK_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "contact": {"th": ("ติดต่อเรา", "ติดต่อหน่วยงาน", "ช่องทางการติดต่อ", "ติดต่อสอบถาม"),
                "en": ("Contact us", "Contact", "Get in touch")},
    "sitemap": {"th": ("แผนผังเว็บไซต์", "ผังเว็บไซต์"), "en": ("Sitemap", "Site map")},
    "privacy": {"th": ("นโยบายคุ้มครองข้อมูลส่วนบุคคล", "นโยบายความเป็นส่วนตัว", "นโยบายการคุ้มครองข้อมูลส่วนบุคคล"),
                "en": ("Privacy policy", "Privacy notice", "Data protection")},
    "faq": {"th": ("คำถามที่พบบ่อย", "ถาม-ตอบ", "ถาม - ตอบ"),
            "en": ("FAQ", "Frequently asked questions", "Q&A")},
    "news": {"th": ("ข่าวประชาสัมพันธ์", "ข่าวสาร", "ข่าวและกิจกรรม"),
             "en": ("News", "Press releases", "Announcements")},
    "about": {"th": ("เกี่ยวกับเรา", "ประวัติความเป็นมา", "วิสัยทัศน์ พันธกิจ", "โครงสร้างองค์กร"),
              "en": ("About us", "About", "Our history", "Organisation structure")},
    "search": {"th": ("ค้นหา",), "en": ("Search", "Site search")},
    "feedback": {"th": ("ร้องเรียน/ร้องทุกข์", "แจ้งเรื่องร้องเรียน", "รับฟังความคิดเห็น", "ข้อเสนอแนะ"),
                 "en": ("Feedback", "Complaints", "Report a problem")},
    "eservice": {"th": ("บริการออนไลน์", "ระบบบริการออนไลน์", "ยื่นคำขอออนไลน์",
                        "บริการอิเล็กทรอนิกส์ (e-Service)"),
                 "en": ("Online services", "e-Services", "Apply online")},
    "opendata": {"th": ("ข้อมูลเปิด", "ข้อมูลเปิดภาครัฐ (Open Data)"),
                 "en": ("Open data", "Open Data portal")},
}

# pretty paths per feature: the URL words say what the page is (URL-only links rely on it)
PRETTY_PATHS: dict[str, tuple[str, ...]] = {
    "contact": ("/contact-us", "/contact", "/contact.php"),
    "sitemap": ("/sitemap.html", "/site-map"),
    "privacy": ("/privacy-policy", "/privacy.html", "/pdpa"),
    "faq": ("/faq", "/faq.php"),
    "news": ("/news",),
    "about": ("/about-us", "/about", "/history.html"),
    "search": ("/search",),
    "feedback": ("/feedback", "/complaint"),
    "eservice": ("/e-service", "/eservice"),
    "opendata": ("/open-data", "/opendata"),
}

ICONS: dict[str, str] = {
    "contact": "fa fa-phone", "sitemap": "fa fa-sitemap", "privacy": "fa fa-shield",
    "faq": "fa fa-question-circle", "news": "fa fa-newspaper-o", "about": "fa fa-info-circle",
    "search": "fa fa-search", "feedback": "fa fa-comments", "eservice": "fa fa-laptop",
    "opendata": "fa fa-database",
}

LANG_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("English", "EN", "English version"),
    "th": ("ภาษาไทย", "ไทย", "TH"),
    "zh": ("中文",),
    "ms": ("Bahasa Melayu",),
    "da": ("Dansk",),
    "ko": ("한국어",),
    "vi": ("Tiếng Việt",),
}
LANG_TAGS = {"en": "en", "th": "th", "zh": "zh-Hans", "ms": "ms", "da": "da", "ko": "ko", "vi": "vi"}

SOCIAL = (
    ("Facebook", "https://www.facebook.com/{slug}", "fab fa-facebook-f"),
    ("YouTube", "https://www.youtube.com/@{slug}", "fab fa-youtube"),
    ("LINE", "https://line.me/R/ti/p/@{slug}", "fab fa-line"),
    ("X", "https://x.com/{slug}", "fab fa-x-twitter"),
    ("Twitter", "https://twitter.com/{slug}", "fab fa-twitter"),
    ("Instagram", "https://www.instagram.com/{slug}/", "fab fa-instagram"),
    ("TikTok", "https://www.tiktok.com/@{slug}", "fab fa-tiktok"),
)
OPENDATA_PORTALS = {"THA": "https://data.go.th/dataset?publisher={slug}",
                    "SGP": "https://data.gov.sg/datasets?agencies={slug}",
                    "DNK": "https://www.opendata.dk/{slug}",
                    "KOR": "https://www.data.go.kr/tcs/dss/selectDataSetList.do?org={slug}",
                    "MYS": "https://data.gov.my/data-catalogue?source={slug}",
                    "VNM": "https://data.gov.vn/dataset?organization={slug}"}

GENERIC = {
    "th": {"home": "หน้าแรก", "projects": "โครงการ", "performance": "ผลการดำเนินงาน",
           "procurement": "จัดซื้อจัดจ้าง", "report": "รายงานประจำปี (PDF)"},
    "en": {"home": "Home", "projects": "Projects", "performance": "Performance reports",
           "procurement": "Procurement", "report": "Annual report (PDF)"},
}

NEWS_TITLES = {
    "th": (
        "พิธีมอบเกียรติบัตรแก่อาสาสมัครดีเด่นประจำปี",
        "ลงพื้นที่ตรวจเยี่ยมโครงการปรับปรุงแหล่งน้ำชุมชน",
        "การอบรมเชิงปฏิบัติการด้านความปลอดภัยในการทำงาน",
        "กิจกรรมปลูกต้นไม้ร่วมกับชุมชนในพื้นที่",
        "ประชุมคณะกรรมการติดตามงานประจำไตรมาส",
        "มอบถุงยังชีพช่วยเหลือผู้ประสบอุทกภัย",
        "ตรวจเยี่ยมหน่วยปฏิบัติการในส่วนภูมิภาค",
        "สัมมนาแลกเปลี่ยนเรียนรู้ระหว่างหน่วยงานเครือข่าย",
        "เปิดโครงการส่งเสริมอาชีพเกษตรกรรุ่นใหม่",
        "รณรงค์ลดการใช้พลังงานในสำนักงาน",
    ),
    "en": (
        "Volunteers recognised at annual ceremony",
        "Director visits regional field office",
        "Workshop on workplace safety held for staff",
        "Tree-planting day brings staff and residents together",
        "Committee reviews quarterly progress",
        "Relief packages delivered to flood-affected households",
        "New training scheme for young farmers opens",
        "Energy-saving campaign launched in offices",
        "Partner agencies meet to share lessons learnt",
        "Upgrade of community water sources completed",
    ),
}

FILLER = {
    "th": (
        "หน่วยงานนี้เป็นหน่วยงานสมมุติที่สร้างขึ้นเพื่อการทดสอบเครื่องมือวัดผลเว็บไซต์ภาครัฐเท่านั้น "
        "ไม่มีหน่วยงานนี้อยู่จริง",
        "การดำเนินงานมุ่งเน้นความโปร่งใส ความรับผิดชอบ และการมีส่วนร่วมของประชาชนในทุกขั้นตอน",
        "เจ้าหน้าที่ได้จัดทำแผนปฏิบัติการเพื่อพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่อย่างต่อเนื่อง",
        "โครงการต่าง ๆ ได้รับการติดตามและประเมินผลตามตัวชี้วัดที่กำหนดไว้ในแผนยุทธศาสตร์",
        "คณะทำงานได้ลงพื้นที่สำรวจความต้องการของชุมชนเพื่อนำมาปรับปรุงแผนงานให้เหมาะสม",
        "การพัฒนาบุคลากรเป็นหัวใจสำคัญของการยกระดับการปฏิบัติงานให้มีประสิทธิภาพ",
        "หน่วยงานส่งเสริมการใช้เทคโนโลยีเพื่อลดขั้นตอนการทำงานและประหยัดทรัพยากร",
        "ผลการดำเนินงานในภาพรวมเป็นไปตามเป้าหมายที่วางไว้ และจะขยายผลต่อไปในพื้นที่อื่น",
    ),
    "en": (
        "This organisation is fictional. It was generated to test a tool that measures "
        "government websites and does not exist.",
        "Our work focuses on transparency, accountability and the participation of residents "
        "at every step.",
        "Staff prepare an action plan to improve the quality of life of people in the area.",
        "Projects are monitored and evaluated against the indicators of the strategic plan.",
        "Working groups visit communities to learn what they need and adjust the plan.",
        "Developing our people is at the heart of doing the job well.",
        "We use technology to cut paperwork and save resources.",
        "Overall results met the targets set, and the approach will be extended to other areas.",
    ),
}

NOTICE = {
    "th": "เว็บไซต์สมมุติ: หน่วยงานนี้ไม่มีอยู่จริง สร้างขึ้นโดย govlens-synthweb เพื่อการทดสอบ",
    "en": "Fictional website: this organisation does not exist; generated by govlens-synthweb "
          "for testing.",
}

ADDRESS = {
    "th": "ที่ตั้ง: เลขที่ 99 ถนนสมมุติ แขวงทดสอบ เขตตัวอย่าง กรุงเทพมหานคร 10999 โทร. 0 2000 0000",
    "en": "Address: 99 Example Road, Fictional District 10999. Telephone +00 2000 0000",
}

DECOY_TEXT = {
    "contact-lens": {"th": "รับฟังความคิดเห็นสาธารณะ: ร่างมาตรฐานคอนแทคเลนส์ (contact lenses)",
                     "en": "Public consultation on contact lenses standards"},
    "social-text": {"th": "ติดตามเราได้ทาง Facebook และ LINE: @{slug}",
                    "en": "Follow us on Facebook and Instagram: @{slug}"},
    "english-text": {"th": "เปิดรับสมัครอบรมภาษาอังกฤษ (English) สำหรับเจ้าหน้าที่",
                     "en": "Evening classes in English for staff start soon"},
}

TH_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
           "พ.ย.", "ธ.ค.")
TH_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
           "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_FULL = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def fmt_date(d: _dt.date, style: str) -> str:
    """A date as the site writes it. Thai styles use Buddhist Era years (CE + 543);
    slashed dates are always day/month/year."""
    be = d.year + 543
    m = d.month - 1
    if style == "th-abbr":
        return f"{d.day} {TH_ABBR[m]} {be}"
    if style == "th-full":
        return f"{d.day} {TH_FULL[m]} {be}"
    if style == "th-slash":
        return f"{d.day:02d}/{d.month:02d}/{be}"
    if style == "th-abbr-2digit":
        return f"{d.day} {TH_ABBR[m]} {be % 100:02d}"
    if style == "th-prefixed":
        return f"วันที่ {d.day} {TH_ABBR[m]} พ.ศ. {be}"
    if style == "en-mdy":
        return f"{EN_FULL[m]} {d.day}, {d.year}"
    if style == "en-dmy":
        return f"{d.day} {EN_FULL[m]} {d.year}"
    if style == "en-abbr":
        return f"{d.day} {EN_FULL[m][:3]} {d.year}"
    return d.isoformat()


CSS = """
body{font-family:Tahoma,"Sarabun",sans-serif;margin:0;color:#222;background:#f7f7f5}
.fictional-notice{background:#fff3cd;color:#664d03;padding:6px 12px;font-size:13px}
header,.site-header,#header{background:#0b3d62;color:#fff;padding:8px 16px}
.brand img,.logo img{height:48px;vertical-align:middle}
nav ul,#menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
nav li a,#menu li a{display:block;padding:8px 12px;color:#0b3d62;text-decoration:none}
.utility{float:right}.utility a{color:#fff;margin-left:8px}
main,#content{padding:16px;max-width:1100px;margin:auto}
.banner img{width:100%;max-height:320px;object-fit:cover}
.quick a{display:inline-block;margin:6px;padding:10px;border:1px solid #ccd;border-radius:6px}
.news-list li,.highlights li{margin:6px 0}.news-list .date,.highlights .date{color:#666}
.notice-board{border-left:4px solid #c90;padding:6px 12px;background:#fff}
footer,.footer,#footer{background:#222;color:#ddd;padding:16px;font-size:14px}
footer a,.footer a,#footer a{color:#9cf;margin-right:12px}
table.layout{border-collapse:collapse}table.menu td{padding:4px}
form.login label,form.feedback label,form.service label{display:block;margin-top:6px}
.partners img{height:40px;margin:4px}.social a{margin-right:6px}
"""
