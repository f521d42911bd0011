//! `POST /v1/me/profile_image` and `DELETE /v1/me/profile_image` as ClerkJS's
//! `user.setProfileImage({file})` sends them (multipart `file` part; `file: null` is the DELETE):
//! the image resource answered, the image served at its `public_url` with its sniffed type,
//! `nosniff` and a long cache, the user's `image_url` / `has_image` / `profile_image_url` on both
//! APIs; refusals (no file, not an image, a lying declared type, signed out) change nothing.

mod common;

use common::{browser, send, Resp, TestServer};
use reqwest::header::CONTENT_TYPE;
use reqwest::Client;
use serde_json::Value;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";

/// A multipart body as a browser's FormData sends it: one `file` part.
fn multipart(part_name: &str, filename: &str, declared: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{part_name}\"; filename=\"{filename}\"\r\nContent-Type: {declared}\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(srv: &TestServer, c: &Client, part_name: &str, filename: &str, declared: &str, data: &[u8]) -> Resp {
    let (content_type, body) = multipart(part_name, filename, declared, data);
    send(c.post(srv.fapi("/v1/me/profile_image")).header(CONTENT_TYPE, content_type).body(body)).await
}

fn user_of(body: &Value) -> &Value {
    &body["client"]["sessions"][0]["user"]
}

#[tokio::test]
async fn an_uploaded_image_becomes_the_users_image_and_is_served_at_its_public_url() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    let default_avatar = user_of(&me.body)["image_url"].as_str().unwrap().to_string();
    assert!(default_avatar.contains("/dev/avatar"));
    assert_eq!(user_of(&me.body)["has_image"], false);

    let body = upload(&srv, &c, "file", "me.png", "image/png", PNG).await.ok();
    let image = &body["response"];
    assert_eq!(image["object"], "image");
    let id = image["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("img_"), "{id}");
    assert_eq!(image["name"], "me.png");
    let url = image["public_url"].as_str().unwrap().to_string();
    assert_eq!(url, srv.fapi(&format!("/dev/images/{id}")));
    assert_eq!(user_of(&body)["image_url"], url.as_str(), "the piggybacked client shows it");

    // ClerkJS reloads the user: GET /v1/me.
    let user = srv.get(&c, "/v1/me").await.ok()["response"].clone();
    assert_eq!(user["image_url"], url.as_str());
    assert_eq!(user["profile_image_url"], url.as_str());
    assert_eq!(user["has_image"], true);
    let session = &srv.get(&c, "/v1/client").await.ok()["response"]["sessions"][0];
    assert_eq!(session["public_user_data"]["image_url"], url.as_str());
    assert_eq!(session["public_user_data"]["has_image"], true);
    let bapi = srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.ok();
    assert_eq!(
        (bapi["image_url"].as_str(), bapi["profile_image_url"].as_str(), &bapi["has_image"]),
        (Some(url.as_str()), Some(url.as_str()), &Value::Bool(true))
    );

    // Served with its sniffed type, nosniff and a long cache, to anyone (a public URL).
    let res = browser().get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("max-age=31536000"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    // A new upload (its declared type is ignored: the bytes are a GIF) replaces the old image.
    let again = upload(&srv, &c, "file", "blob", "application/octet-stream", GIF).await.ok();
    let url2 = again["response"]["public_url"].as_str().unwrap().to_string();
    assert_ne!(url, url2);
    assert_eq!(srv.count("images").await, 1, "the old image is gone");
    let res = browser().get(&url2).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/gif");
    send(browser().get(&url)).await.error(404, "image_not_found");

    // setProfileImage({file: null}): back to the initials avatar.
    let deleted = srv.delete(&c, "/v1/me/profile_image").await.ok();
    assert_eq!(deleted["response"]["object"], "image");
    assert_eq!(deleted["response"]["deleted"], true);
    assert_eq!(user_of(&deleted)["has_image"], false);
    assert_eq!(user_of(&deleted)["image_url"], default_avatar.as_str());
    assert_eq!(srv.count("images").await, 0);
    send(browser().get(&url2)).await.error(404, "image_not_found");
    srv.delete(&c, "/v1/me/profile_image").await.error(404, "image_not_found");
}

#[tokio::test]
async fn what_is_not_an_image_is_refused_at_file_and_changes_nothing() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let before = srv.snapshot().await;

    // An HTML page declared as a PNG: the bytes decide.
    upload(&srv, &c, "file", "evil.png", "image/png", b"<html><script>alert(1)</script>").await.param_error(400, "request_body_invalid", "file");
    upload(&srv, &c, "file", "pic.svg", "image/svg+xml", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").await.param_error(
        400,
        "request_body_invalid",
        "file",
    );
    upload(&srv, &c, "avatar", "me.png", "image/png", PNG).await.param_error(400, "form_param_missing", "file");
    upload(&srv, &c, "file", "empty.png", "image/png", b"").await.param_error(400, "form_param_missing", "file");
    let json = send(c.post(srv.fapi("/v1/me/profile_image")).header(CONTENT_TYPE, "application/json").body("{}")).await;
    json.error(415, "unsupported_content_type");
    // Over the 2 MB body limit (Clerk's own limit is 10 MB).
    let big = [PNG, &vec![0u8; 2 * 1024 * 1024]].concat();
    upload(&srv, &c, "file", "big.png", "image/png", &big).await.error(413, "request_body_too_large");
    srv.assert_unchanged(&before).await;

    // Signed out: no user to give an image to.
    upload(&srv, &browser(), "file", "me.png", "image/png", PNG).await.error(401, "authentication_invalid");
    srv.assert_unchanged(&before).await;
}
