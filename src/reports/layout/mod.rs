//! Page layout without a PDF library: text placed by measured widths, paragraphs wrapped, tables
//! broken across pages with their header repeated, bar and line charts drawn from lines and
//! rectangles. Positions are millimetres from the page's bottom-left corner (A4).

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
const PT_MM: f32 = 25.4 / 72.0;
const GREY: [f32; 3] = [0.45, 0.45, 0.45];
const LIGHT: [f32; 3] = [0.85, 0.85, 0.85];
const BLACK: [f32; 3] = [0.0, 0.0, 0.0];

/// Widths of text in the report's fonts.
pub trait Measure {
    fn width_mm(&self, text: &str, size_pt: f32, bold: bool) -> f32;
}

#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: [f32; 3],
        text: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: [f32; 3],
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: [f32; 3],
        filled: bool,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Draw>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its title, its share of the text width, its alignment.
pub struct Column {
    pub title: String,
    pub share: f32,
    pub align: Align,
}

/// Sizes and colours the writer needs.
#[derive(Debug, Clone)]
pub struct Style {
    pub margin: f32,
    pub body: f32,
    pub small: f32,
    pub heading: f32,
    pub line_height: f32,
    pub row: f32,
    pub chart_height: f32,
    pub accent: [f32; 3],
    /// Space kept free at the top and bottom of every page for the running header and footer.
    pub reserve: f32,
}

/// Fills pages from the top down, starting a new page when the next block does not fit.
pub struct Writer<'a> {
    measure: &'a dyn Measure,
    pub style: Style,
    pub pages: Vec<Page>,
    y: f32,
}

impl<'a> Writer<'a> {
    pub fn new(measure: &'a dyn Measure, style: Style) -> Self {
        let mut w = Self {
            measure,
            style,
            pages: Vec::new(),
            y: 0.0,
        };
        w.new_page();
        w
    }

    fn top(&self) -> f32 {
        PAGE_H - self.style.margin - self.style.reserve
    }

    fn bottom(&self) -> f32 {
        self.style.margin + self.style.reserve
    }

    fn width(&self) -> f32 {
        PAGE_W - 2.0 * self.style.margin
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top();
    }

    /// Where on the page the next block starts, from the bottom edge (mm).
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Starts the next block lower on the page being written, below what is drawn there
    /// already.
    pub fn move_to(&mut self, y: f32) {
        self.y = self.y.min(y);
    }

    /// The number (from 1) of the page being written.
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < self.bottom() && self.y < self.top() {
            self.new_page();
        }
    }

    fn push(&mut self, d: Draw) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(d);
        }
    }

    fn line_mm(&self, size: f32) -> f32 {
        size * PT_MM * self.style.line_height
    }

    pub fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: [f32; 3], text: &str) {
        self.push(Draw::Text {
            x,
            y,
            size,
            bold,
            colour,
            text: text.to_owned(),
        });
    }

    /// Breaks `text` into lines no wider than `width` (a word longer than the width is cut).
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        wrap(self.measure, text, size, bold, width)
    }

    pub fn heading(&mut self, text: &str) {
        let size = self.style.heading;
        let h = self.line_mm(size) + 2.0 * self.line_mm(self.style.body);
        self.ensure(h + 12.0);
        self.y -= self.line_mm(size);
        let (x, accent) = (self.style.margin, self.style.accent);
        self.text_at(x, self.y, size, true, accent, text);
        self.y -= 2.0;
        let y = self.y;
        self.push(Draw::Line {
            points: vec![(x, y), (PAGE_W - x, y)],
            width: 0.4,
            colour: accent,
        });
        self.y -= self.line_mm(self.style.body) * 0.8;
    }

    pub fn subheading(&mut self, text: &str) {
        let size = self.style.body;
        self.ensure(self.line_mm(size) * 3.0);
        self.y -= self.line_mm(size) * 1.2;
        let x = self.style.margin;
        self.text_at(x, self.y, size, true, BLACK, text);
        self.y -= self.line_mm(size) * 0.3;
    }

    pub fn paragraph(&mut self, text: &str, size: f32, colour: [f32; 3]) {
        let width = self.width();
        for line in self.wrap(text, size, false, width) {
            let h = self.line_mm(size);
            self.ensure(h);
            self.y -= h;
            let x = self.style.margin;
            self.text_at(x, self.y, size, false, colour, &line);
        }
        self.y -= self.line_mm(size) * 0.4;
    }

    pub fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    /// A table: cells wrap within their column, rows never split, and a row that does not fit
    /// starts a new page under a repeated header.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let total: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let pad = 1.5;
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| c.share / total * self.width())
            .collect();
        let (body, small) = (self.style.body, self.style.small);
        let row_min = self.style.row * PT_MM;
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        // Headers in the small size, bold; cells in the body size.
        let wrapped = |w: &Self, cells: &[String], header: bool| -> Vec<Vec<String>> {
            let size = if header { small } else { body };
            cells
                .iter()
                .zip(&widths)
                .map(|(c, width)| w.wrap(c, size, header, width - 2.0 * pad))
                .collect()
        };
        let height = |w: &Self, cells: &[Vec<String>], header: bool| -> f32 {
            let line = w.line_mm(if header { small } else { body });
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
            (lines * line + pad).max(row_min)
        };
        let head_cells = wrapped(self, &header, true);
        let head_h = height(self, &head_cells, true);
        let first_h = rows
            .first()
            .map(|r| height(self, &wrapped(self, r, false), false))
            .unwrap_or(0.0);
        self.ensure(head_h + first_h);
        self.table_row(columns, &widths, &head_cells, head_h, true);
        for row in rows {
            let cells = wrapped(self, row, false);
            let h = height(self, &cells, false);
            if self.y - h < self.bottom() {
                self.new_page();
                self.table_row(columns, &widths, &head_cells, head_h, true);
            }
            self.table_row(columns, &widths, &cells, h, false);
        }
        self.y -= self.line_mm(body) * 0.6;
    }

    fn table_row(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        cells: &[Vec<String>],
        h: f32,
        header: bool,
    ) {
        let size = if header {
            self.style.small
        } else {
            self.style.body
        };
        let line = self.line_mm(size);
        let pad = 1.5;
        let top = self.y;
        let mut x = self.style.margin;
        for ((col, width), lines) in columns.iter().zip(widths).zip(cells) {
            for (i, text) in lines.iter().enumerate() {
                let y = top - line * (i as f32 + 1.0) + 0.6;
                let tx = match col.align {
                    Align::Left => x + pad,
                    Align::Right => x + width - pad - self.measure.width_mm(text, size, header),
                };
                self.text_at(tx, y, size, header, BLACK, text);
            }
            x += width;
        }
        self.y -= h;
        let (left, right, y) = (self.style.margin, PAGE_W - self.style.margin, self.y);
        self.push(Draw::Line {
            points: vec![(left, y), (right, y)],
            width: if header { 0.5 } else { 0.15 },
            colour: if header { BLACK } else { LIGHT },
        });
    }

    /// Horizontal bars, one per label. A suppressed count (`<N`) is drawn as an open bar up to
    /// N, so that the chart does not show more than the table.
    pub fn bar_chart(&mut self, title: &str, bars: &[(String, Option<f64>, String)], ceiling: f64) {
        if bars.is_empty() {
            return;
        }
        let size = self.style.small;
        let bar_h = 5.0;
        let h = bars.len() as f32 * (bar_h + 2.0) + self.line_mm(self.style.body) * 2.0;
        self.ensure(h);
        self.subheading(title);
        let label_w = self.width() * 0.35;
        let x0 = self.style.margin + label_w;
        let span = self.width() - label_w - 15.0;
        let max = bars
            .iter()
            .filter_map(|b| b.1)
            .fold(ceiling, f64::max)
            .max(1.0);
        for (label, value, shown) in bars {
            self.y -= bar_h + 2.0;
            let y = self.y;
            let name = self.wrap(label, size, false, label_w - 2.0);
            let name = name.first().cloned().unwrap_or_default();
            let margin = self.style.margin;
            self.text_at(margin, y + 1.2, size, false, BLACK, &name);
            let (w, filled) = match value {
                Some(v) => ((*v / max) as f32 * span, true),
                None => ((ceiling / max) as f32 * span, false),
            };
            let accent = self.style.accent;
            self.push(Draw::Rect {
                x: x0,
                y,
                w: w.max(0.3),
                h: bar_h,
                colour: accent,
                filled,
            });
            self.text_at(x0 + w + 1.5, y + 1.2, size, false, BLACK, shown);
        }
        self.y -= self.line_mm(self.style.body);
    }

    /// A line over months, with the target as a dashed-looking grey line when there is one.
    pub fn line_chart(
        &mut self,
        title: &str,
        points: &[(String, Option<f64>)],
        target: Option<f64>,
    ) {
        let h = self.style.chart_height;
        self.ensure(h + self.line_mm(self.style.body) * 3.0);
        self.subheading(title);
        let size = self.style.small;
        let left = self.style.margin + 12.0;
        let right = PAGE_W - self.style.margin - 4.0;
        let bottom = self.y - h + 6.0;
        let top = self.y - 3.0;
        let values: Vec<f64> = points.iter().filter_map(|p| p.1).chain(target).collect();
        let (lo, hi) = match (
            values.iter().copied().reduce(f64::min),
            values.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) if hi > lo => (lo.min(0.0), hi),
            (Some(v), _) => (v.min(0.0), v.max(1.0) * 1.2),
            _ => (0.0, 1.0),
        };
        let to_y = |v: f64| bottom + ((v - lo) / (hi - lo)) as f32 * (top - bottom);
        let n = points.len().max(2) as f32;
        let to_x = |i: usize| left + i as f32 / (n - 1.0) * (right - left);
        self.push(Draw::Line {
            points: vec![(left, top), (left, bottom), (right, bottom)],
            width: 0.3,
            colour: GREY,
        });
        for v in [lo, hi] {
            let label = number(v);
            let w = self.measure.width_mm(&label, size, false);
            self.text_at(left - w - 1.5, to_y(v) - 1.0, size, false, GREY, &label);
        }
        if let Some(t) = target {
            let y = to_y(t);
            let mut x = left;
            while x < right {
                self.push(Draw::Line {
                    points: vec![(x, y), ((x + 2.0).min(right), y)],
                    width: 0.3,
                    colour: GREY,
                });
                x += 4.0;
            }
        }
        let mut run: Vec<(f32, f32)> = Vec::new();
        let accent = self.style.accent;
        for (i, (month, value)) in points.iter().enumerate() {
            let x = to_x(i);
            let short = month.get(5..7).unwrap_or(month);
            let w = self.measure.width_mm(short, size, false);
            self.text_at(x - w / 2.0, bottom - 4.0, size, false, GREY, short);
            match value {
                Some(v) => {
                    let y = to_y(*v);
                    run.push((x, y));
                    self.push(Draw::Rect {
                        x: x - 0.7,
                        y: y - 0.7,
                        w: 1.4,
                        h: 1.4,
                        colour: accent,
                        filled: true,
                    });
                }
                None if run.len() > 1 => self.push(Draw::Line {
                    points: std::mem::take(&mut run),
                    width: 0.6,
                    colour: accent,
                }),
                None => run.clear(),
            }
        }
        if run.len() > 1 {
            self.push(Draw::Line {
                points: run,
                width: 0.6,
                colour: accent,
            });
        }
        self.y -= h + 2.0;
    }
}

/// How many leading characters of `text` fit in `width`.
fn fit(measure: &dyn Measure, text: &str, size: f32, bold: bool, width: f32) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        if measure.width_mm(&text[..next], size, bold) > width {
            break;
        }
        end = next;
    }
    end.max(text.chars().next().map_or(0, char::len_utf8))
}

/// A number as printed: whole numbers without decimals, others with up to two.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Breaks `text` into lines no wider than `width` (a word longer than the width is cut).
pub fn wrap(measure: &dyn Measure, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if measure.width_mm(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
            while measure.width_mm(&line, size, bold) > width && line.chars().count() > 1 {
                let cut = fit(measure, &line, size, bold, width);
                let rest = line.split_off(cut);
                lines.push(std::mem::replace(&mut line, rest));
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests;
