//! ns per card_ext signature, for `bench/compare`: the inputs every peer signs there.

use std::hint::black_box;
use std::time::Instant;

use wxcard::{sign_card_ext, sorted_sha1, ApiTicket, CardExtParams};

const TICKET: &str = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
const VALUES: [&str; 6] =
    [TICKET, "1414587457", "pjZ8Yt1XGILfi-FUsewpnnolGgZk", "1434008071", "oUser_0123456789abcdef", "Wm3WZYTPz0wzccnW"];

fn best_ns<T>(iterations: u32, mut f: impl FnMut() -> T) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let ticket = ApiTicket::new(TICKET).expect("valid ticket");
    let params = CardExtParams {
        card_id: VALUES[2].into(),
        code: VALUES[3].into(),
        openid: VALUES[4].into(),
        timestamp: Some(1414587457),
        nonce_str: Some(VALUES[5].into()),
        ..Default::default()
    };
    let signature = sorted_sha1(&VALUES);
    assert_eq!(sign_card_ext(&ticket, &params).expect("signs").signature, signature);
    println!("signature {signature}");
    println!("signature_ns {:.1}", best_ns(500_000, || sorted_sha1(black_box(&VALUES))));
    println!("card_ext_ns {:.1}", best_ns(500_000, || sign_card_ext(&ticket, black_box(&params))));
}
