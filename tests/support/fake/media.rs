//! Images: `media/uploadimg`, multipart as WeChat takes it.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new().route("/cgi-bin/media/uploadimg", post(uploadimg))
}

async fn uploadimg(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(r) = card_call(&s, &q, &Value::Null) {
        return r;
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some(boundary) = content_type.strip_prefix("multipart/form-data; boundary=") else {
        return err(41005, "media data missing");
    };
    // The part named "buffer": headers, a blank line, the bytes, then the closing boundary.
    let text = body.as_ref();
    let Some(header_at) = find(text, b"name=\"buffer\"") else {
        return err(41005, "media data missing");
    };
    let start = header_at + find(&text[header_at..], b"\r\n\r\n").unwrap() + 4;
    let end = start + find(&text[start..], format!("\r\n--{boundary}").as_bytes()).unwrap();
    let image = &text[start..end];
    if !image.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return err(40005, "invalid file type");
    }
    if image.len() > 1024 * 1024 {
        return err(40009, "invalid image size");
    }
    let mut images = s.images.lock().unwrap();
    let url = format!("http://mmbiz.qpic.cn/mmbiz/FAKE{}/0", images.len());
    images.insert(url.clone(), image.len());
    Json(json!({ "url": url })).into_response()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
