// The property the `exports` fuzzer checks, shared with tests/fuzz_seeds.rs (included, not a
// module of its own): an export answers nothing, a record, a JSON list, or an error record with a
// code from the core's table, and never panics.

/// Runs export number `pick` (modulo their count) on `input`, and checks the answer's form.
pub fn check(pick: u8, input: &str) {
    let names: Vec<&str> = wxcard::export_names().collect();
    let name = names[usize::from(pick) % names.len()];
    match wxcard::call_export(name, input).expect("a known export") {
        Ok(answer) if answer.starts_with('[') => {
            assert!(serde_json_like_list(&answer), "{name}: {answer:?}");
        }
        Ok(answer) => {
            for field in fields(&answer) {
                assert!(field.0.bytes().all(|b| b.is_ascii_alphabetic()), "{name}: field {:?}", field.0);
            }
        }
        Err(error) => {
            let code = fields(&error).into_iter().find(|(n, _)| *n == "code").map(|(_, v)| v);
            assert!(
                code.is_some_and(|c| wxcard::ErrorKind::ALL.iter().any(|k| k.code() == c)),
                "{name}: error without a known code: {error:?}"
            );
        }
    }
}

/// The (name, value) fields of a record; every field has its name separator.
fn fields(record: &str) -> Vec<(&str, &str)> {
    record
        .split_terminator('\u{1e}')
        .map(|f| f.split_once('\u{1f}').unwrap_or_else(|| panic!("a field without its separator: {f:?}")))
        .collect()
}

fn serde_json_like_list(text: &str) -> bool {
    text.ends_with(']') && wxcard::json::parse_value(text).is_ok()
}
