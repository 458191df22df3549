//! Splits text into word tokens with the facts that place recognition needs: case, position
//! in the sentence, and what separates a token from the next one.
//!
//! In: text. Out: a vector of [`Token`]s (byte spans). One vector per text; nothing is
//! allocated per token beyond the vector's own growth.

/// A run of letters, digits and combining marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub flags: u16,
    /// What lies between this token and the next.
    pub after: Sep,
}

/// First character is an uppercase letter.
pub const CAP: u16 = 1;
/// Every cased character is uppercase, and there are at least two letters.
pub const UPPER: u16 = 2;
/// First character is a lowercase letter.
pub const LOWER: u16 = 4;
/// Contains a digit.
pub const DIGIT: u16 = 8;
/// First character is a letter of a script without case (Arabic, Hebrew, CJK …).
pub const UNCASED: u16 = 16;
/// First token of a sentence, a line, or after a colon or bullet.
pub const SENT_START: u16 = 32;
/// Has uppercase letters after a lowercase one ("articleClose"): page furniture run together.
pub const CAMEL: u16 = 64;

/// The separator after a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sep {
    /// Spaces, a hyphen, an apostrophe or an abbreviation's period: words of one name may
    /// continue across it.
    Join,
    /// A comma (with spaces): "Paris, Texas".
    Comma,
    /// Anything else: end of a name.
    Break,
    /// End of a sentence or line.
    End,
}

impl Token {
    pub fn is(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
    /// Capitalised in a way that marks a proper name (first letter upper, or an uncased script).
    pub fn is_capitalised(&self) -> bool {
        self.flags & (CAP | UNCASED) != 0
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Nothing but a semicolon and spaces between two words ("Tours au Mans ; Tours à Nantes").
fn semicolon_only(between: &str) -> bool {
    between.contains(';') && between.chars().all(|c| c == ';' || c == ' ' || c == '\u{00A0}' || c == '\u{202F}')
}

/// Classifies the text between two tokens.
fn classify(between: &str, prev: &str) -> Sep {
    let mut periods = 0;
    let mut commas = 0;
    let mut other = false;
    let mut chars = 0;
    let (mut dash, mut space) = (false, false);
    for c in between.chars() {
        chars += 1;
        match c {
            '\n' | '\r' | '!' | '?' | ';' | ':' | '•' | '|' | '…' => return Sep::End,
            '.' => periods += 1,
            ',' => commas += 1,
            ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => space = true,
            '-' | '\u{2010}' | '\u{2011}' => dash = true,
            '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '´' => {}
            _ => other = true,
        }
    }
    // A dash set between spaces ("CHARLESTON, W.Va. - Jim") separates; a hyphen joins.
    other |= dash && space;
    // A period with a comma right after it ("etc., Paris", the "esp., Marseille" of a list of
    // ships and their ports) closes an abbreviation: no sentence ends there.
    if periods == 1 && commas == 1 && !other && between.starts_with(".,") {
        return Sep::Comma;
    }
    if periods > 0 {
        // "St. Louis", "M. Lavrov", "U.S.": a period after a short capitalised word or a
        // single letter is an abbreviation; any other period ends the sentence.
        let abbrev = periods == 1
            && commas == 0
            && !other
            && prev.chars().count() <= 3
            && prev.chars().next().is_some_and(|c| c.is_uppercase());
        return if abbrev { Sep::Join } else { Sep::End };
    }
    if other || chars > 4 {
        return Sep::Break;
    }
    if commas == 1 {
        return Sep::Comma;
    }
    if commas > 1 {
        return Sep::Break;
    }
    Sep::Join
}

/// The length of the run of ASCII lowercase letters that opens `bytes`, read eight bytes at a
/// time: a word's letters cost one step, and no branch per letter.
#[inline]
fn lowercase_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Per byte, the high bit of: at least 'a', above 'z', and a non-ASCII byte; sums of
        // bytes below 0x80 do not carry into their neighbours.
        let low7 = x & (ONES * 0x7f);
        let from_a = low7 + ONES * (0x80 - u64::from(b'a'));
        let past_z = low7 + ONES * (0x80 - u64::from(b'z') - 1);
        let lower = from_a & !past_z & !x & (ONES * 0x80);
        let not_lower = !lower & (ONES * 0x80);
        if not_lower != 0 {
            return n + (not_lower.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii_lowercase()).count()
}

/// `bytes` opens with a character of U+2000–U+206F (spaces, dashes, quotes, bullets,
/// ellipsis), none of which is a letter, a digit or a combining mark.
#[inline]
fn general_punctuation(bytes: &[u8]) -> bool {
    match bytes {
        [0xE2, 0x80, _, ..] => true,
        [0xE2, 0x81, b, ..] => *b <= 0xAF,
        _ => false,
    }
}

/// The character at byte `i` of `text` and its length in bytes: ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// A capital at byte `j` continues the word that began at `i` when what came before it is a
/// name prefix: a capital and one or two lowercase letters ("DeKalb", "McAllen").
#[inline]
fn name_prefix(text: &str, i: usize, j: usize, starts_upper: bool, lower_run: usize) -> bool {
    starts_upper && lower_run <= 2 && !text[i..j].chars().skip(1).any(|x| x.is_uppercase())
}

/// A double hyphen at byte `at` between two lowercase letters: a line-end hyphenation
/// mark in OCR'd text, not a dash (a dash stands between words, with spaces or capitals).
#[inline]
fn hyphenated_by_ocr(text: &str, at: usize) -> bool {
    text.as_bytes().get(at + 1) == Some(&b'-')
        && text[..at].chars().next_back().is_some_and(char::is_lowercase)
        && text[at + 2..].chars().next().is_some_and(char::is_lowercase)
}

/// A figure right after a word of three letters or more is a separate token: OCR drops the
/// space before it ("Paris29", "New-York342,000"). Codes of one or two letters ("A380",
/// "M16", "Me262") and words that already hold a digit stay whole.
#[inline]
fn glued_figure(letters: usize, flags: u16) -> bool {
    letters >= 3 && flags & DIGIT == 0
}

/// Words that never end a sentence or a heading (prepositions, articles, conjunctions), in
/// the languages Dateline reads: a line that ends with one goes on in the next.
const LINE_GOES_ON_AFTER: &[&str] = &[
    "de", "d", "du", "des", "la", "le", "les", "l", "à", "au", "aux", "en", "dans", "sur", "sous",
    "par", "pour", "vers", "chez", "entre", "et", "ou", "of", "the", "in", "at", "to", "from",
    "on", "for", "by", "and", "or", "near", "von", "der", "die", "das", "und", "im", "el", "los",
    "del", "y", "di", "il",
];

/// Nothing but one line break, with spaces around it.
#[inline]
fn one_line_break(s: &str) -> bool {
    s.trim_matches(|c| c == ' ' || c == '\t' || c == '\r') == "\n"
}

/// One line break, and nothing else, between a lowercase word and the next word, where the
/// line was only wrapped: print columns and OCR'd pages break lines inside sentences ("à
/// l'hôpital de\nGenève"). The line goes on when the next word starts in lowercase, or when
/// the line ends with a word that never ends a sentence; a heading or a paragraph that ends
/// on another word is left to end there.
#[inline]
fn wrapped_line(between: &str, prev_lower: bool, prev_text: &str, next: char) -> bool {
    one_line_break(between)
        && prev_lower
        && (next.is_lowercase() || LINE_GOES_ON_AFTER.contains(&prev_text))
}

/// A title's abbreviation or an initial, its period and one line break ("M.\nKellogg",
/// "J.\nDupont"): the name goes on in the next line. Not the last letter of an initialism
/// ("D.C.\n"), which may end a sentence.
#[inline]
fn abbreviation_wrapped(between: &str, prev_text: &str, before_prev: &str) -> bool {
    let Some(rest) = between.strip_prefix('.') else { return false };
    let initial = prev_text.len() == 1 && prev_text.as_bytes()[0].is_ascii_uppercase() && !before_prev.ends_with('.');
    one_line_break(rest) && (initial || matches!(prev_text, "MM" | "Mr" | "Dr" | "Mme" | "Mgr"))
}

/// Whether the line break at byte `at` of `text` only wraps a line ([`wrapped_line`],
/// [`abbreviation_wrapped`]), read from the words around it as the tokenizer reads them:
/// for the sentence splitter, which has no tokens.
pub fn wraps_at(text: &str, at: usize) -> bool {
    let prev_end = text[..at].trim_end_matches(|c: char| !is_word_char(c)).len();
    let prev_start = text[..prev_end].rfind(|c: char| !is_word_char(c)).map_or(0, |k| k + text[k..].chars().next().map_or(1, char::len_utf8));
    let Some(next_start) = text[at + 1..].find(is_word_char).map(|k| at + 1 + k) else { return false };
    let (between, prev_text) = (&text[prev_end..next_start], &text[prev_start..prev_end]);
    let (Some(first), Some(next)) = (prev_text.chars().next(), text[next_start..].chars().next()) else { return false };
    wrapped_line(between, first.is_lowercase(), prev_text, next) || abbreviation_wrapped(between, prev_text, &text[..prev_start])
}

/// The tokens of `text`, in a vector sized for news text (about one token per five bytes).
pub fn tokens_of(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize(text, &mut out);
    out
}

/// Tokenises `text` into `out` (cleared first).
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    // English news has a word every six bytes or so: one allocation for most texts, not a
    // dozen doublings.
    out.reserve(text.len() / 5 + 8);
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    let mut last_end = 0usize;
    while pos < bytes.len() {
        // Spaces and ASCII punctuation between words.
        if bytes[pos] < 0x80 && !bytes[pos].is_ascii_alphanumeric() {
            pos += 1;
            continue;
        }
        // Quotes, dashes and spaces of the General Punctuation block (’ “ ” – — … •), the
        // commonest non-ASCII characters between words, are no word characters: no decoding
        // of their class.
        if general_punctuation(&bytes[pos..]) {
            pos += 3;
            continue;
        }
        let (c, n) = char_at(text, pos);
        if !is_word_char(c) {
            pos += n;
            continue;
        }
        // A token begins at i.
        let i = pos;
        // The first character's classes, read from its byte when it is ASCII (most are).
        let (upper, lower, numeric, alphabetic) = if n == 1 {
            let b = bytes[i];
            (b.is_ascii_uppercase(), b.is_ascii_lowercase(), b.is_ascii_digit(), b.is_ascii_alphabetic())
        } else {
            (c.is_uppercase(), c.is_lowercase(), c.is_numeric(), c.is_alphabetic())
        };
        let mut flags = 0u16;
        if upper {
            flags |= CAP;
        } else if lower {
            flags |= LOWER;
        } else if numeric {
            flags |= DIGIT;
        } else if alphabetic {
            flags |= UNCASED;
        }
        let mut letters = usize::from(alphabetic);
        let mut all_upper = upper;
        let mut seen_lower = lower;
        let mut end = i + n;
        // Lowercase letters since the token began: "laFrance" and "articleClose" (words run
        // together by OCR or by page furniture) split at the capital; "DeKalb", "McAllen" and
        // "MacArthur" (a capital and one or two lowercase letters) do not.
        let mut lower_run = usize::from(lower);
        let starts_upper = upper;
        // The last character was a digit: OCR loses the space between a figure and the next
        // word ("547.888France", "1933Paris"); a capital after a digit starts a new word.
        let mut after_digit = numeric;
        while end < bytes.len() {
            // Most words are ASCII: no decoding, no case tables.
            let b = bytes[end];
            if b.is_ascii_lowercase() {
                // The rest of a run of lowercase letters, most of a word, in one scan.
                let run = lowercase_run(&bytes[end..]);
                lower_run += run;
                letters += run;
                all_upper = false;
                seen_lower = true;
                after_digit = false;
                end += run;
                continue;
            }
            if b.is_ascii_digit() {
                if glued_figure(letters, flags) {
                    break;
                }
                flags |= DIGIT;
                after_digit = true;
                end += 1;
                continue;
            }
            if b.is_ascii_uppercase() {
                if after_digit {
                    break;
                }
                if lower_run > 0 && !name_prefix(text, i, end, starts_upper, lower_run) {
                    break;
                }
                // A heading in capitals run into the next line's first word
                // ("EUROPÉENNESLondres"): a word of five letters or more starts at this capital.
                // Tested only inside a run of capitals, which few words have.
                if all_upper
                    && letters >= 2
                    && lowercase_run(&bytes[end + 1..]) >= 4
                    && !text[i..end].chars().all(|c| "IVXLCDM".contains(c))
                {
                    break;
                }
                letters += 1;
                if seen_lower {
                    flags |= CAMEL;
                }
                end += 1;
                continue;
            }
            if b < 0x80 {
                // Some OCR'd papers mark a word cut at the end of a line with two hyphens
                // between lowercase letters ("Stras--bourg", "Marseil--le"): the word goes on.
                if b == b'-' && hyphenated_by_ocr(text, end) {
                    end += 2;
                    continue;
                }
                // Any other ASCII character ends the word.
                break;
            }
            let (d, dn) = char_at(text, end);
            let j = end;
            if !is_word_char(d) {
                // A hyphenation mark inside a word ("Alle¬magne" in OCR'd papers, or a soft
                // hyphen) joins its two halves.
                let joins = matches!(d, '¬' | '\u{00AD}')
                    && text[j + dn..].chars().next().is_some_and(char::is_alphabetic);
                if !joins {
                    break;
                }
                end = j + dn;
                continue;
            }
            if d.is_uppercase() && (after_digit || (lower_run > 0 && !name_prefix(text, i, j, starts_upper, lower_run))) {
                break;
            }
            if d.is_numeric() && glued_figure(letters, flags) {
                break;
            }
            after_digit = d.is_numeric();
            if d.is_lowercase() {
                lower_run += 1;
            }
            if d.is_numeric() {
                flags |= DIGIT;
            }
            if d.is_alphabetic() {
                letters += 1;
            }
            if d.is_lowercase() {
                all_upper = false;
                seen_lower = true;
            } else if d.is_uppercase() && seen_lower {
                flags |= CAMEL;
            }
            end = j + dn;
        }
        if all_upper && letters >= 2 {
            flags |= UPPER;
        }
        let sentence_start = match out.last_mut() {
            Some(prev) => {
                let between = &text[last_end..i];
                let prev_text = &text[prev.start as usize..prev.end as usize];
                // Words run together have nothing between them; a name does not continue there.
                prev.after = match between {
                    "" => Sep::Break,
                    " " => Sep::Join,
                    _ if between.contains('\n')
                        && (wrapped_line(between, prev.is(LOWER), prev_text, c)
                            || abbreviation_wrapped(between, prev_text, &text[..prev.start as usize])) =>
                    {
                        Sep::Join
                    }
                    _ => classify(between, prev_text),
                };
                // A capital after a semicolon is a name's: no language opens a sentence there.
                prev.after == Sep::End && !semicolon_only(between)
            }
            None => true,
        };
        // Opening quotes and brackets keep the sentence start.
        if sentence_start {
            flags |= SENT_START;
        }
        out.push(Token { start: i as u32, end: end as u32, flags, after: Sep::End });
        last_end = end;
        pos = end;
    }
}

/// The first letters and lengths of a set of words, written in lowercase: a word of another
/// shape is none of them, which two loads say before any compare or lookup.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shapes {
    /// Bit `n` of entry `c` is set when some word starts with letter `c` and has `n` bytes
    /// (31: more).
    by_letter: [u32; 26],
}

impl Shapes {
    pub fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Shapes {
        let mut by_letter = [0u32; 26];
        for w in words {
            if let Some(c) = w.bytes().next().filter(u8::is_ascii_lowercase) {
                by_letter[usize::from(c - b'a')] |= 1 << w.len().min(31);
            }
        }
        Shapes { by_letter }
    }

    /// A word of this shape, in any case, may be one of the words. A word with letters
    /// outside ASCII ("allée") is always admitted, its length in bytes not being its key's.
    #[inline]
    pub fn admits(&self, w: &str) -> bool {
        let shaped = match w.bytes().next() {
            Some(c) if c.is_ascii_alphabetic() => self.by_letter[usize::from(c.to_ascii_lowercase() - b'a')] & (1 << w.len().min(31)) != 0,
            _ => false,
        };
        shaped || !w.is_ascii()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<Token> {
        let mut v = Vec::new();
        tokenize(t, &mut v);
        v
    }

    #[test]
    fn runs_of_lowercase_letters_are_measured_whole() {
        for (s, n) in [("", 0), ("abc", 3), ("abcdefgh", 8), ("abcdefghij k", 10), ("abcdefgh{", 8), ("ab`c", 2), ("abAc", 2), ("zé", 1), ("abcdefghé", 8), ("abcdefgh0abcdefgh", 8), ("Abc", 0)] {
            assert_eq!(lowercase_run(s.as_bytes()), n, "{s:?}");
            let slow = s.bytes().take_while(|b| b.is_ascii_lowercase()).count();
            assert_eq!(n, slow, "{s:?}");
        }
        // Every byte value in every position of a chunk.
        for at in 0..9 {
            for b in 0..=255u8 {
                let mut v = vec![b'q'; 12];
                if at < 12 {
                    v[at] = b;
                }
                let slow = v.iter().take_while(|b| b.is_ascii_lowercase()).count();
                assert_eq!(lowercase_run(&v), slow, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn general_punctuation_is_never_part_of_a_word() {
        for c in '\u{2000}'..='\u{206F}' {
            let mut b = [0u8; 4];
            let s = c.encode_utf8(&mut b);
            assert!(general_punctuation(s.as_bytes()), "{c:?}");
            assert!(!is_word_char(c), "{c:?}");
        }
        for c in ['\u{2070}', '\u{2071}', 'é', 'a', '\u{1FFF}', '\u{20AC}'] {
            let mut b = [0u8; 4];
            assert!(!general_punctuation(c.encode_utf8(&mut b).as_bytes()), "{c:?}");
        }
        let t = "Bush’s “Texas”—Austin…";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["Bush", "s", "Texas", "Austin"]);
    }

    #[test]
    fn splits_and_classifies() {
        let t = "La Russie, à Saint-Denis. Puis l’Iran";
        let v = toks(t);
        let words: Vec<_> = v.iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["La", "Russie", "à", "Saint", "Denis", "Puis", "l", "Iran"]);
        assert!(v[0].is(SENT_START) && v[0].is(CAP));
        assert_eq!(v[1].after, Sep::Comma);
        assert_eq!(v[3].after, Sep::Join);
        assert_eq!(v[4].after, Sep::End);
        assert!(v[5].is(SENT_START));
        assert_eq!(v[6].after, Sep::Join);
        assert!(v[2].is(LOWER));
    }

    #[test]
    fn a_wrapped_line_goes_on_and_a_heading_ends() {
        // A line that ends on a preposition, or runs into a lowercase word, was wrapped.
        let t = "transporté à l'hôpital de\nGenève où il\nest mort";
        let v = toks(t);
        let at = |w: &str| v.iter().position(|x| x.text(t) == w).unwrap();
        assert_eq!(v[at("de")].after, Sep::Join);
        assert!(!v[at("Genève")].is(SENT_START));
        assert_eq!(v[at("il")].after, Sep::Join);
        // A heading that ends on a noun, and a sentence that ends with a stop, end their line.
        let t = "Rapports de la semaine\nGenève a voté.\nles autres";
        let v = toks(t);
        assert_eq!(v[3].after, Sep::End);
        assert!(v[4].is(SENT_START));
        assert_eq!(v[6].after, Sep::End);
        // Two line breaks make a paragraph, whatever the word before.
        let v = toks("il part de\n\nGenève");
        assert_eq!(v[2].after, Sep::End);
    }

    #[test]
    fn a_title_or_an_initial_before_a_line_break_goes_on_and_an_initialism_ends() {
        let t = "remis à M.\nKellogg et à J.\nDupont";
        let v = toks(t);
        assert_eq!(v[2].after, Sep::Join, "{v:?}");
        assert!(!v[3].is(SENT_START));
        assert_eq!(v[6].after, Sep::Join);
        let t = "à Washington D.C.\nLe lendemain";
        let v = toks(t);
        assert_eq!(v[3].after, Sep::End);
        assert!(v[4].is(SENT_START));
    }

    #[test]
    fn a_period_before_a_comma_closes_an_abbreviation_not_a_sentence() {
        // A list of ships, their flags abbreviated, and their ports.
        let t = "Ville-d'Oran, fr., Marseille. Vaskapu, aut.,Braila.";
        let v = toks(t);
        let at = |w: &str| v.iter().position(|x| x.text(t) == w).unwrap();
        assert_eq!(v[at("fr")].after, Sep::Comma);
        assert!(!v[at("Marseille")].is(SENT_START));
        assert_eq!(v[at("aut")].after, Sep::Comma);
        assert!(!v[at("Braila")].is(SENT_START));
        // A stop and a space still end the sentence.
        assert_eq!(v[at("Marseille")].after, Sep::End);
        assert!(v[at("Vaskapu")].is(SENT_START));
    }

    #[test]
    fn a_semicolon_ends_a_name_but_opens_no_sentence() {
        let v = toks("vers Blois ; Tours ensuite. Puis");
        assert_eq!(v[1].after, Sep::End);
        assert!(!v[2].is(SENT_START));
        assert!(v[4].is(SENT_START));
    }

    #[test]
    fn a_heading_in_capitals_run_into_a_word_splits_at_the_word_s_capital() {
        let t = "LES COURS DES HALLESMarseille, le XVIIIème siècle, des PCs et USAid";
        let v = toks(t);
        let words: Vec<_> = v.iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["LES", "COURS", "DES", "HALLES", "Marseille", "le", "XVIIIème", "siècle", "des", "PCs", "et", "USAid"]);
        assert_eq!(v[3].after, Sep::Break);
    }

    #[test]
    fn abbreviations_join() {
        let t = "in St. Louis today";
        let v = toks(t);
        assert_eq!(v[1].after, Sep::Join);
        assert!(!v[2].is(SENT_START));
        let t = "GENÈVE (AFP) – articleClose";
        let v = toks(t);
        assert!(v[0].is(UPPER));
        let words: Vec<_> = v.iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["GENÈVE", "AFP", "article", "Close"]);
        // A dash between spaces is no hyphen: the dateline ends there.
        let t = "CHARLESTON, W.Va. - Jim McMillon won";
        let v = toks(t);
        assert_eq!((v[1].after, v[2].after), (Sep::Join, Sep::End));
        let t = "DeKalb, McAllen, laFrance";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["DeKalb", "McAllen", "la", "France"]);
        let t = "en Alle¬magne, pas¬ ici";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["en", "Alle¬magne", "pas", "ici"]);
    }

    #[test]
    fn double_hyphens_between_lowercase_letters_join() {
        let t = "à Stras--bourg, Radio--Nord; Marseil--le";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["à", "Stras--bourg", "Radio", "Nord", "Marseil--le"]);
        let t = "fin--";
        assert_eq!(toks(t).iter().map(|x| x.text(t)).collect::<Vec<_>>(), ["fin"]);
    }

    #[test]
    fn figures_glued_to_words_split() {
        // OCR drops the space between a figure and the word after or before it.
        let t = "Espagne 12.500Portugal ... 9.300Écosse, Berlin1905 et Lyon42";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["Espagne", "12", "500", "Portugal", "9", "300", "Écosse", "Berlin", "1905", "et", "Lyon", "42"]);
        let v = toks(t);
        assert!(v[3].is(CAP) && !v[3].is(DIGIT));
        assert_eq!(v[2].after, Sep::Break);
        // Ordinals, codes and models stay whole.
        let t = "le 1er mai, le 4e, XIVe, un A380, le M16, le Me262, T-4";
        let words: Vec<_> = toks(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(words, ["le", "1er", "mai", "le", "4e", "XIVe", "un", "A380", "le", "M16", "le", "Me262", "T", "4"]);
    }
}
