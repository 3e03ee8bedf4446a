//! Draws laid-out pages with printpdf (the only user of that crate): A4, DejaVu Sans embedded
//! and subset, text extractable, charts as vector lines and rectangles.

use super::layout::{Draw, Measure, PAGE_H, PAGE_W, Page};
use super::template::{FONT_BOLD, FONT_REGULAR};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use std::sync::LazyLock;

const PT_MM: f32 = 25.4 / 72.0;

/// The two embedded faces, parsed once per process.
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

static FONTS: LazyLock<Result<Fonts, String>> = LazyLock::new(|| {
    Ok(Fonts {
        regular: parse(FONT_REGULAR, "DejaVuSans.ttf")?,
        bold: parse(FONT_BOLD, "DejaVuSans-Bold.ttf")?,
    })
});

/// The embedded fonts, parsed when the first report is drawn: parsed at start, they would hold
/// 2.5 MB for a process that may never draw one. They are part of the binary, so the test below
/// stands for every start.
pub fn fonts() -> Result<&'static Fonts, String> {
    FONTS.as_ref().map_err(Clone::clone)
}

fn parse(bytes: &[u8], name: &str) -> Result<ParsedFont, String> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| format!("the embedded font {name} does not parse"))
}

impl Measure for Fonts {
    fn width_mm(&self, text: &str, size_pt: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(font.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size_pt / upem * PT_MM
    }
}

fn colour(c: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
}

fn point(x: f32, y: f32) -> Point {
    Point::new(Mm(x), Mm(y))
}

/// The PDF with `bytes` attached as an embedded JSON file named `name`, also listed as the
/// document's associated file (PDF 2.0 `/AF`, relationship `/Data`): the data a report is
/// drawn from travels inside it, and a signature over the PDF covers it.
pub fn attach_json(
    pdf: &[u8],
    name: &str,
    description: &str,
    bytes: &[u8],
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, String> {
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let size = i64::try_from(bytes.len()).map_err(|e| e.to_string())?;
    let mut file = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => dictionary! {
                "Size" => size,
                "ModDate" => Object::string_literal(at.format("D:%Y%m%d%H%M%SZ").to_string()),
            },
        },
        bytes.to_vec(),
    );
    file.compress().map_err(|e| e.to_string())?;
    let file = doc.add_object(file);
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(name),
        "UF" => Object::string_literal(name),
        "Desc" => Object::string_literal(description),
        "EF" => dictionary! { "F" => file, "UF" => file },
        "AFRelationship" => "Data",
    });
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal(name), spec.into()],
            },
        },
    );
    catalog.set("AF", vec![Object::from(spec)]);
    let mut out = Vec::with_capacity(pdf.len() + bytes.len());
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The PDF of `pages`, with its title and dates set (printpdf's default date is 1970).
pub fn render(
    fonts: &Fonts,
    pages: &[Page],
    title: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let when = printpdf::OffsetDateTime::from_unix_timestamp(at.timestamp())
        .unwrap_or_else(|_| printpdf::OffsetDateTime::now_utc());
    doc.metadata.info.creation_date = when;
    doc.metadata.info.modification_date = when;
    doc.metadata.info.metadata_date = when;
    doc.metadata.info.producer = "bantay".into();
    doc.metadata.info.creator = "bantay".into();
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops(p, &regular, &bold)))
        .collect();
    let mut warnings = Vec::new();
    doc.with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut warnings)
}

fn ops(page: &Page, regular: &FontId, bold: &FontId) -> Vec<Op> {
    let mut out = Vec::new();
    for item in &page.items {
        match item {
            Draw::Text {
                x,
                y,
                size,
                bold: is_bold,
                colour: c,
                text,
            } => out.extend([
                Op::StartTextSection,
                Op::SetFillColor { col: colour(*c) },
                Op::SetFont {
                    font: PdfFontHandle::External(if *is_bold { bold } else { regular }.clone()),
                    size: Pt(*size),
                },
                Op::SetTextCursor { pos: point(*x, *y) },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]),
            Draw::Line {
                points,
                width,
                colour: c,
            } => out.extend([
                Op::SetOutlineColor { col: colour(*c) },
                Op::SetOutlineThickness {
                    pt: Pt(width / PT_MM),
                },
                Op::DrawLine {
                    line: Line {
                        points: points
                            .iter()
                            .map(|(x, y)| LinePoint {
                                p: point(*x, *y),
                                bezier: false,
                            })
                            .collect(),
                        is_closed: false,
                    },
                },
            ]),
            Draw::Rect {
                x,
                y,
                w,
                h,
                colour: c,
                filled,
            } => out.extend([
                Op::SetFillColor { col: colour(*c) },
                Op::SetOutlineColor { col: colour(*c) },
                Op::SetOutlineThickness { pt: Pt(0.6) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x: Mm(*x).into(),
                        y: Mm(*y).into(),
                        width: Mm(*w).into(),
                        height: Mm(*h).into(),
                        mode: Some(if *filled {
                            PaintMode::Fill
                        } else {
                            PaintMode::Stroke
                        }),
                        winding_order: None,
                    },
                },
            ]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_parse_and_measure() {
        let fonts = fonts().expect("fonts");
        let w = fonts.width_mm("Pañgasinan", 10.0, false);
        assert!(w > 15.0 && w < 30.0, "{w}");
        assert!(fonts.width_mm("Bold", 10.0, true) > fonts.width_mm("Bold", 10.0, false));
        assert!(fonts.regular.lookup_glyph_index('ñ' as u32).is_some());
    }
}
