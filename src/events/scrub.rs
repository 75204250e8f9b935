//! Removing personal data a visitor may type into a question before it is recorded.
//!
//! Key decision: scrub by shape, not by dictionary: anything shaped like an e-mail address, and any
//! run of 7 or more digits (allowing the spaces, dashes, dots and brackets people type inside phone
//! and card numbers). A run of 13 to 19 digits is a card number, a shorter one a phone number.
//! Prices, years and seat counts stay: they have fewer digits and they are what the marketer needs.

/// Returns `text` with e-mail addresses, phone numbers and card-like numbers replaced by
/// `[email]`, `[phone]` and `[card]`.
pub fn scrub_personal_data(text: &str) -> String {
    let words: Vec<String> = text.split(' ').map(scrub_email).collect();
    scrub_digit_runs(&words.join(" "))
}

fn scrub_email(word: &str) -> String {
    let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
    match trimmed.split_once('@') {
        Some((user, domain))
            if !user.is_empty() && domain.contains('.') && !domain.ends_with('.') =>
        {
            word.replace(trimmed, "[email]")
        }
        _ => word.to_string(),
    }
}

fn scrub_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (end, digits) = digit_run(&chars, i);
        match digits {
            13..=19 => out.push_str("[card]"),
            7..=12 => out.push_str("[phone]"),
            _ => out.extend(&chars[i..end]),
        }
        i = end;
    }
    out
}

/// The end of the number starting at `start` and how many digits it holds. Separators count only
/// between digits, so "call 555 1234." keeps its full stop.
fn digit_run(chars: &[char], start: usize) -> (usize, usize) {
    let (mut end, mut digits, mut i) = (start, 0, start);
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits += 1;
            end = i + 1;
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/') {
            break;
        }
        i += 1;
    }
    (end, digits)
}

#[cfg(test)]
mod tests {
    use super::scrub_personal_data as scrub;

    #[test]
    fn replaces_email_addresses() {
        assert_eq!(
            scrub("mail me at jo.doe@example.com, thanks"),
            "mail me at [email], thanks"
        );
    }

    #[test]
    fn replaces_phone_and_card_numbers_typed_with_separators() {
        assert_eq!(
            scrub("call +44 (20) 7946-0958 please"),
            "call [phone] please"
        );
        assert_eq!(scrub("card 4111 1111 1111 1111 ok?"), "card [card] ok?");
    }

    #[test]
    fn keeps_prices_years_and_counts() {
        let question = "price for 12 people in 2026, is it $8.50 or 150 seats?";
        assert_eq!(scrub(question), question);
    }
}
