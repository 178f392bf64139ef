"""Builders for the ingest tests: real PDFs, Word files and HTML pages made at run time."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from fpdf import FPDF

# /work/main/tests/ingest/builders.py → /work/shared/corpus/seeds
SEEDS = Path(__file__).parents[2].parent / "shared" / "corpus" / "seeds"


def pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A PDF with one page per string; '\\n' in a string is a line break on the page."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
        else:
            pdf.rect(20, 20, 50, 50)  # a drawing, no text: what a scanned page looks like to a reader
    return bytes(pdf.output())


def docx_bytes(
    title: str | None = "Guidelines for first-line practitioners",
    core_title: str = "",
) -> bytes:
    document = docx.Document()
    document.core_properties.title = core_title
    if title:
        document.add_heading(title, level=0)
    document.add_heading("Introduction", level=1)
    document.add_paragraph("Teachers and youth workers meet young people at risk of radicalisation every day.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Target group"
    table.cell(0, 1).text = "Young people aged 12 to 18"
    table.cell(1, 0).text = "Duration"
    table.cell(1, 1).text = "Two school years"
    document.add_heading("Lessons learned", level=1)
    document.add_paragraph("Trust between schools and families is the first condition of prevention work.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ministers agree on a prevention plan | Prevention Hub</title>
  <meta property="article:published_time" content="2021-03-03T10:00:00+01:00">
</head>
<body>
<header>
  <a href="/">Prevention Hub</a>
  <nav><ul>
    <li><a href="/news">Newsroom</a></li><li><a href="/library">Library</a></li>
    <li><a href="/about">About the network</a></li><li><a href="/contact">Contact us</a></li>
  </ul></nav>
</header>
<main>
  <article>
    <h1>Ministers agree on a prevention plan</h1>
    <p>Brussels, 3 March 2021 – Interior ministers agreed on a common plan to prevent radicalisation
    in prisons and online, building on the work of the Radicalisation Awareness Network.</p>
    <p>The plan sets out training for first-line practitioners, exit programmes and support for the
    families of radicalised young people. Local authorities will receive funding for multi-agency work.</p>
    <p>The plan will be reviewed in two years, with a report to the Council on what worked and what did not.</p>
  </article>
</main>
<footer>
  <p>Subscribe to our newsletter</p>
  <a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a>
</footer>
</body>
</html>
"""

NAV_ONLY_HTML = """<!DOCTYPE html>
<html><head><title>Prevention Hub</title></head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">Newsroom</a></li>
  <li><a href="/library">Library</a></li><li><a href="/about">About the network</a></li>
</ul></nav></header>
<footer><a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a>
<p>© 2024 Prevention Hub</p></footer>
</body></html>
"""
