// The property the `exports` fuzzer checks, shared with tests/fuzz_seeds.rs (included, not a
// module of its own): an export answers JSON, or an error with a code from the core's table, and
// never panics.

/// Runs export number `pick` (modulo their count) on `input`, and checks the answer's form.
pub fn check(pick: u8, input: &str) {
    let names: Vec<&str> = wxcard::hooks::names().collect();
    let name = names[usize::from(pick) % names.len()];
    match wxcard::hooks::call(name, input) {
        Ok(answer) => {
            let value: serde_json::Value =
                serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {answer:?}"));
            for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
                assert!(key.bytes().all(|b| b.is_ascii_alphabetic()), "{name}: field {key:?}");
            }
        }
        Err(error) => {
            let error: serde_json::Value = serde_json::from_str(&error).expect("an error is JSON");
            let code = error["code"].as_str();
            assert!(
                code.is_some_and(|c| wxcard::ErrorKind::ALL.iter().any(|k| k.code() == c)),
                "{name}: error without a known code: {error:?}"
            );
        }
    }
}
