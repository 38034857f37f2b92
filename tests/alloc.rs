//! Heap allocations on the signing path, counted by a global allocator: the primitive makes
//! none, and signing a card allocates only its outputs.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use wxcard::*;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn the_signature_primitive_does_not_allocate() {
    let values =
        ["ojZ8YtyVyr30HheH3CM73y7h4jJE", "1404896688", "pjZ8Yt1XGILfi-FUsewpnnolGgZk", "1434008071", "", "123"];
    let (sig, n) = allocations(|| sorted_sha1(&values));
    assert_eq!(sig.as_str(), "f137ab68b7f8112d20ee528ab6074564e2796250");
    assert_eq!(n, 0);
    let mut values = values;
    let (_, n) = allocations(|| sorted_sha1_in_place(&mut values));
    assert_eq!(n, 0);
}

#[test]
fn signing_allocates_only_its_outputs() {
    let ticket = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE").unwrap();
    let params = CardExtParams {
        card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk",
        code: "1434008071",
        timestamp: Some(1404896688),
        nonce_str: Some("123"),
        ..Default::default()
    };
    // card_id, card_ext and nonce_str of SignedCardExt: three strings.
    let (signed, n) = allocations(|| sign_card_ext(&ticket, &params).unwrap());
    assert_eq!(signed.signature.as_str(), "f137ab68b7f8112d20ee528ab6074564e2796250");
    assert_eq!(n, 3, "the card_ext JSON is written into one buffer sized up front");

    let jt = JsapiTicket::new("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")
        .unwrap();
    let p = JsapiConfigParams {
        app_id: "wx1",
        url: "http://mp.weixin.qq.com?params=value",
        timestamp: Some(1414587457),
        nonce_str: Some("Wm3WZYTPz0wzccnW"),
    };
    // app_id and nonce_str.
    let (_, n) = allocations(|| sign_jsapi_config(&jt, &p).unwrap());
    assert_eq!(n, 2);
    let (ok, n) = allocations(|| verify_jsapi_config(&jt, &p, "0f9de62fce790f9a083d5c99e95740ceb90c27ed").unwrap());
    assert!(ok);
    assert_eq!(n, 0);
}

#[test]
fn user_agents_are_read_without_allocating() {
    let ua = "Mozilla/5.0 (Linux; Android 13; 22081212C Build/TKQ1.220829.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230303 MMWEBID/6287 MicroMessenger/8.0.34.2340(0x2800225B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    let (parsed, n) = allocations(|| parse_user_agent(ua));
    assert!(parsed.supports_cards());
    assert_eq!(n, 0);
}
