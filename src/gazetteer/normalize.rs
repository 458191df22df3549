//! Name normalisation: the one function that decides when two spellings of a place name are
//! the same key in the gazetteer index.
//!
//! In goes any string ("Genève", "l’Iran", "Saint-Denis", "ЖЕНЕВА"); out comes its key:
//! lowercase, without diacritics, with every run of separators (spaces, hyphens, apostrophes,
//! periods) collapsed to one ASCII space and no separator at either end. The same folding is
//! applied character by character by the text matcher, so it must stay allocation-free per
//! character: [`fold_char`] writes into a small fixed buffer.
//!
//! This file is also compiled into `build.rs` (which builds the embedded index), so it may use
//! only `std` and `unicode_normalization`.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What one input character becomes in a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folded {
    /// Up to three characters to append (most often one).
    Chars([char; 3], u8),
    /// A separator: collapses with its neighbours into one space.
    Sep,
    /// Nothing (a combining mark, a format character, an Arabic vowel sign).
    Skip,
}

impl Folded {
    #[inline]
    fn one(c: char) -> Folded {
        Folded::Chars([c, '\0', '\0'], 1)
    }
    #[inline]
    fn two(a: char, b: char) -> Folded {
        Folded::Chars([a, b, '\0'], 2)
    }
    /// The characters, when this is [`Folded::Chars`].
    pub fn chars(&self) -> &[char] {
        match self {
            Folded::Chars(cs, n) => &cs[..*n as usize],
            _ => &[],
        }
    }
}

/// True for characters that separate the words of a name: whitespace, hyphens and dashes,
/// apostrophes of every typographic kind, periods, and the middle dot.
#[inline]
pub fn is_name_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '-'
            | '\''
            | '.'
            | '`'
            | '´'
            | '\u{00A0}'
            | '\u{00B7}'
            | '\u{02BB}'
            | '\u{02BC}'
            | '\u{02BE}'
            | '\u{02BF}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201B}'
            | '\u{2032}'
            | '\u{202F}'
            | '\u{2009}'
            | '\u{200A}'
            | '\u{3000}'
    )
}

/// Folds one character for a key. ASCII takes a fast path; Latin letters lose their
/// diacritics; ligatures and a few letters without decomposition are spelled out
/// (ß → ss, æ → ae, œ → oe, ø → o, ł → l, đ → d, þ → th); Arabic loses its vowel signs and
/// its alef variants become a bare alef; everything else is lowercased.
#[inline]
pub fn fold_char(c: char) -> Folded {
    if c.is_ascii() {
        return match c {
            'A'..='Z' => Folded::one(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' => Folded::one(c),
            _ if is_name_separator(c) => Folded::Sep,
            // Other ASCII punctuation (commas, brackets) are not part of names; treat them as
            // separators so "Washington, D.C." still folds to something sensible.
            _ => Folded::Sep,
        };
    }
    if is_name_separator(c) {
        return Folded::Sep;
    }
    match c {
        'ß' | 'ẞ' => return Folded::two('s', 's'),
        'æ' | 'Æ' => return Folded::two('a', 'e'),
        'œ' | 'Œ' => return Folded::two('o', 'e'),
        'ø' | 'Ø' => return Folded::one('o'),
        'ł' | 'Ł' => return Folded::one('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => return Folded::one('d'),
        'þ' | 'Þ' => return Folded::two('t', 'h'),
        'ı' => return Folded::one('i'),
        'ħ' | 'Ħ' => return Folded::one('h'),
        'ё' | 'Ё' => return Folded::one('е'),
        'أ' | 'إ' | 'آ' | 'ٱ' => return Folded::one('ا'),
        'ى' => return Folded::one('ي'),
        'ة' => return Folded::one('ه'),
        '\u{0640}' => return Folded::Skip, // Arabic tatweel
        '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{00AD}' | '¬' => return Folded::Skip,
        _ => {}
    }
    if is_combining_mark(c) {
        return Folded::Skip;
    }
    // Canonical decomposition: keep the base character, drop the marks.
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(c);
    let mut lower = b.to_lowercase();
    let first = lower.next().unwrap_or(b);
    match lower.next() {
        None => Folded::one(first),
        Some(second) => Folded::two(first, second),
    }
}

/// The key of a name: see the module documentation.
///
/// ```
/// use dateline::gazetteer::normalize::normalize;
/// assert_eq!(normalize("Genève"), "geneve");
/// assert_eq!(normalize("  Saint–Denis "), "saint denis");
/// assert_eq!(normalize("L’Aquila"), normalize("l'aquila"));
/// ```
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    for c in name.chars() {
        match fold_char(c) {
            Folded::Sep => pending_sep = !out.is_empty(),
            Folded::Skip => {}
            f @ Folded::Chars(..) => {
                if pending_sep {
                    out.push(' ');
                    pending_sep = false;
                }
                for &ch in f.chars() {
                    out.push(ch);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_separators() {
        assert_eq!(normalize("Genève"), "geneve");
        assert_eq!(normalize("GENÈVE"), "geneve");
        assert_eq!(normalize("Saint-Denis"), "saint denis");
        assert_eq!(normalize("Saint  Denis"), "saint denis");
        assert_eq!(normalize("l’Iran"), "l iran");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("São Paulo"), "sao paulo");
        assert_eq!(normalize("Москва"), "москва");
        assert_eq!(normalize("حلب"), "حلب");
        assert_eq!(normalize("إدلب"), normalize("ادلب"));
        assert_eq!(normalize("St. Louis"), "st louis");
        assert_eq!(normalize("---"), "");
    }
}
