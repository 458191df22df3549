//! Language identification for articles that do not say what language they are in.
//!
//! In: text. Out: an ISO 639-1 code ("fr", "en" …), or None when the text is too short or
//! too mixed to tell. Uses the `whatlang` trigram models (no data files, no allocation worth
//! counting) on at most the first 4 KB of text.

/// Detects the language of `text`.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() && info.confidence() < 0.3 {
        return None;
    }
    use whatlang::Lang::*;
    Some(match info.lang() {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Ara => "ar",
        Tur => "tr",
        Pol => "pl",
        Cmn => "zh",
        Jpn => "ja",
        Heb => "he",
        Pes => "fa",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn tells_french_from_english() {
        assert_eq!(super::detect("La Russie a annoncé ce jeudi une suspension de l'offensive dans l'est de la ville."), Some("fr"));
        assert_eq!(super::detect("Russia announced on Thursday that it would suspend the offensive in the east of the city."), Some("en"));
        assert_eq!(super::detect(""), None);
    }
}
