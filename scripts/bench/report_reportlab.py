"""The report benchmark's reference side: the same reference document (reference.json, written
by examples/report_bench.rs) laid out with ReportLab's platypus: the same A4 pages, embedded
DejaVu Sans, cover, headings, tables that repeat their header across pages with right-aligned
numbers, a line chart per indicator, a bar chart by harm, and "Page X of Y". Prints the median
wall time of five builds and the process's peak resident memory as JSON.

Usage: python report_reportlab.py OUT_DIR FONT_DIR
"""

import io
import json
import resource
import statistics
import sys
import time

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

out_dir, font_dir = sys.argv[1], sys.argv[2]
pdfmetrics.registerFont(TTFont("DejaVu", f"{font_dir}/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{font_dir}/DejaVuSans-Bold.ttf"))
doc = json.load(open(f"{out_dir}/reference.json"))

body = ParagraphStyle("body", fontName="DejaVu", fontSize=9.5, leading=13)
cell = ParagraphStyle("cell", parent=body)
heading = ParagraphStyle("heading", fontName="DejaVu-Bold", fontSize=14, leading=18,
                         textColor=colors.Color(0.11, 0.33, 0.55), spaceBefore=8, spaceAfter=6)
title = ParagraphStyle("title", parent=heading, fontSize=24, leading=30)


class NumberedCanvas(canvas.Canvas):
    """Two passes over the pages, so that each can say "Page X of Y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont("DejaVu", 8)
            self.drawRightString(A4[0] - 18 * mm, 18 * mm, f"Page {self._pageNumber} of {total}")
            self.drawString(18 * mm, 18 * mm, f"{doc['board']['name']} · {doc['period']}")
            super().showPage()
        super().save()


def table(header, rows, widths, right):
    data = [header] + [[Paragraph(str(c), cell) if i not in right else str(c) for i, c in enumerate(r)] for r in rows]
    t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 8), ("FONT", (0, 1), (-1, -1), "DejaVu", 9.5),
             ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
             ("LINEBELOW", (0, 1), (-1, -1), 0.15, colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for i in right:
        style.append(("ALIGN", (i, 0), (i, -1), "RIGHT"))
    t.setStyle(TableStyle(style))
    return t


def line_chart(points, target):
    d = Drawing(174 * mm, 55 * mm)
    lp = LinePlot()
    lp.x, lp.y, lp.width, lp.height = 12 * mm, 8 * mm, 158 * mm, 42 * mm
    data = [[(i, v) for i, (_, v) in enumerate(points) if v is not None]]
    if target is not None:
        data.append([(0, target), (len(points) - 1, target)])
    lp.data = data
    lp.lines[0].strokeColor = colors.Color(0.11, 0.33, 0.55)
    if target is not None:
        lp.lines[1].strokeDashArray = [2, 2]
    d.add(lp)
    return d


def bar_chart(lines):
    d = Drawing(174 * mm, (len(lines) * 7 + 10) * mm)
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = 60 * mm, 5 * mm, 100 * mm, len(lines) * 7 * mm
    bc.data = [[float(c["count"]) if c["count"][0] != "<" else 5.0 for c in lines]]
    bc.categoryAxis.categoryNames = [c["label"] for c in lines]
    bc.categoryAxis.labels.fontName = "DejaVu"
    d.add(bc)
    return d


def story():
    s = [Spacer(1, 60 * mm), Paragraph("Monthly accountability report", title),
         Paragraph(doc["board"]["name"], heading), Paragraph(doc["period"], body), PageBreak()]
    s.append(Paragraph("Sessions held", heading))
    s.append(table(["Date", "Session", "Present", "Women", "Men", "Civil society", "Army and police"],
                   [[h["date"], h["title"], h["attendance"]["total"],
                     h["attendance"]["female"], h["attendance"]["male"], h["attendance"]["civil_society"],
                     h["attendance"]["military"] + h["attendance"]["police"]] for h in doc["sessions"]["held"]],
                   [22, 54, 17, 15, 13, 20, 20], [2, 3, 4, 5, 6]))
    s.append(Paragraph("Decisions", heading))
    s.append(table(["Date", "Decision", "Unit"], [[d["session_date"], d["text"], d["unit"] or ""] for d in doc["decisions"]],
                   [25, 110, 39], []))
    s.append(Paragraph("Indicators", heading))
    fmt = lambda v: "—" if v is None else f"{v:g}"
    s.append(table(["Code", "Indicator", "Baseline", "Target", "This month", "Status"],
                   [[i["code"], f"{i['name']} ({i['unit']})", fmt(i["baseline"]), fmt(i["target"]), fmt(i["actual"]), i["status"]]
                    for i in doc["indicators"]], [18, 66, 20, 18, 22, 30], [2, 3, 4]))
    for i in doc["indicators"]:
        s.append(Paragraph(f"{i['code']}: the last twelve months", body))
        s.append(line_chart(i["trend"], i["target"]))
    n = doc["incidents"]
    s.append(Paragraph("Civilian-harm incidents", heading))
    s.append(Paragraph(f"Incidents this month: {n['total']}. Victims: {n['victims']}.", body))
    s.append(bar_chart(n["by_harm"]))
    for key in ["by_harm", "by_region", "by_unit", "by_status"]:
        s.append(table(["", "Count"], [[c["label"], c["count"]] for c in n[key]], [140, 34], [1]))
    g = doc["grievances"]
    s.append(Paragraph("Grievances", heading))
    for key in ["by_category", "by_unit", "by_status"]:
        s.append(table(["", "Count"], [[c["label"], c["count"]] for c in g[key]], [140, 34], [1]))
    s.append(Paragraph("Follow-up actions", heading))
    s.append(table(["Unit", "Open", "Reported done", "Verified", "Overdue"],
                   [[u["unit"], u["open"], u["reported_done"], u["verified"], u["overdue"]] for u in doc["actions"]["by_unit"]],
                   [74, 25, 25, 25, 25], [1, 2, 3, 4]))
    s.append(Paragraph("Replies of units to the previous report", heading))
    s.append(table(["Unit", "Reply", "Date"], [[r["unit"], r["text"], r["at"][:10]] for r in doc["unit_replies"]], [40, 104, 30], []))
    s.append(Paragraph("Integrity", heading))
    s.append(Paragraph(f"Audit chain entry {doc['audit_head']['seq']} with hash {doc['audit_head']['hash']}.", body))
    return s


def build():
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=26 * mm, bottomMargin=26 * mm).build(story(), canvasmaker=NumberedCanvas)
    return buf.getvalue()


times = []
for _ in range(5):
    started = time.perf_counter()
    pdf = build()
    times.append(time.perf_counter() - started)
open(f"{out_dir}/reportlab.pdf", "wb").write(pdf)
print(json.dumps({"render_ms": round(statistics.median(times) * 1000, 2),
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "bytes": len(pdf)}))
