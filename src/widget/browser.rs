//! The few browser calls the widget makes: fetching the content, JSON text, ids and clocks.
//!
//! Every function here turns a browser failure into a value (`Err`, a fallback) rather than a panic,
//! because the widget runs inside someone else's page.

use crate::answer::Index;
use crate::content::Content;
use crate::events::{TrackEvent, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Fetches and decodes the compiled content: the file `helpfirst build` writes beside the
/// content's JSON (`content.index` beside `content.json`), which holds the content and its answer
/// index ready to use (see [`Index::from_prebuilt`]), so no JSON decoder is compiled into the wasm.
/// `compiled` is the loader's own fetch of it (a promise of its bytes, begun when the page went
/// idle): the widget takes those bytes rather than asking again, and asks itself only if that
/// fetch failed (so the reason it gives is its own).
pub async fn fetch_content(
    url: &str,
    compiled: Option<JsValue>,
) -> Result<(Content, Index), String> {
    let url = index_url(url);
    let handed = match compiled {
        Some(bytes) => JsFuture::from(js_sys::Promise::resolve(&bytes)).await.ok(),
        None => None,
    };
    let buffer = match handed {
        Some(buffer) => buffer,
        None => fetch_bytes(&url).await?,
    };
    // Decoding is a few tasks of their own (see `answer::prebuilt`), so the download's last step
    // and each part of the decoding never hold the host page up together.
    yield_to_page().await;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let not_content = |e| format!("{url} is not helpfirst content: {e}");
    let mut reader = Index::reader(&bytes).map_err(not_content)?;
    loop {
        if let Some(read) = reader.step().map_err(not_content)? {
            return Ok(read);
        }
        yield_to_page().await;
    }
}

async fn fetch_bytes(url: &str) -> Result<JsValue, String> {
    let response: Response = JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .and_then(JsValue::dyn_into)
        .map_err(|e| format!("could not fetch {url}: {}", describe(&e)))?;
    if !response.ok() {
        return Err(format!("{url} answered HTTP {}", response.status()));
    }
    JsFuture::from(response.array_buffer().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| format!("could not read {url}: {}", describe(&e)))
}

/// `.../content.json?v=2` -> `.../content.index?v=2`: where `helpfirst build` writes the compiled
/// content, so a page names its content by the JSON's address.
fn index_url(url: &str) -> String {
    let (path, rest) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    let stem = path.strip_suffix(".json").unwrap_or(path);
    format!("{stem}.index{rest}")
}

/// Resolves after a zero-delay timer: the page gets to handle input and paint before the widget's
/// next step, so its start-up never runs as one long main-thread task.
pub async fn yield_to_page() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether `endpoint` is a helpfirst collector that tells a person about handoffs: it says so at
/// `/v1/capabilities` beside its `/v1/batch`. Anything else (a third-party pipeline, an error, no
/// answer) is a no: then the widget offers only the direct channels.
pub async fn delivers_handoffs(endpoint: &str) -> bool {
    let Some(base) = endpoint.strip_suffix("/v1/batch") else {
        return false;
    };
    let url = format!("{base}/v1/capabilities");
    let Ok(response) = JsFuture::from(gloo::utils::window().fetch_with_str(&url))
        .await
        .and_then(JsValue::dyn_into::<Response>)
    else {
        return false;
    };
    let Ok(json) = response.json() else {
        return false;
    };
    let Ok(body) = JsFuture::from(json).await else {
        return false;
    };
    response.ok()
        && field(&body, "collector").as_string().as_deref() == Some("helpfirst")
        && field(&field(&body, "handoffs"), "delivered").as_bool() == Some(true)
}

/// An event's JSON text, in the shape its `Serialize` derive gives natively (`events::TrackEvent`).
/// It is built as a plain JS object and written by the browser's `JSON.stringify`, so neither a
/// JSON encoder nor serde's JS-value machinery is compiled into the WebAssembly.
pub fn event_json(event: &TrackEvent) -> Option<String> {
    let properties = js_sys::Object::new();
    for (key, value) in event.properties.iter() {
        let value = match value {
            Value::Text(text) => JsValue::from_str(text),
            Value::Number(number) => JsValue::from_f64(*number),
            Value::Count(count) => JsValue::from(*count),
            Value::Flag(flag) => JsValue::from_bool(*flag),
            Value::List(items) => items
                .iter()
                .map(|item| JsValue::from_str(item))
                .collect::<js_sys::Array>()
                .into(),
        };
        js_sys::Reflect::set(&properties, &JsValue::from_str(key), &value).ok()?;
    }
    let page = &event.context.page;
    let context = object(&[
        (
            "page",
            object(&[
                ("path", page.path.as_str().into()),
                ("url", page.url.as_str().into()),
                ("title", page.title.as_str().into()),
                ("referrer", page.referrer.as_str().into()),
            ]),
        ),
        ("locale", event.context.locale.as_str().into()),
        (
            "library",
            object(&[
                ("name", event.context.library.name.into()),
                ("version", event.context.library.version.into()),
            ]),
        ),
    ]);
    let event = object(&[
        ("type", event.kind.into()),
        ("event", event.event.into()),
        ("properties", properties.into()),
        ("anonymousId", event.anonymous_id.as_str().into()),
        ("messageId", event.message_id.as_str().into()),
        ("timestamp", event.timestamp.as_str().into()),
        ("context", context),
    ]);
    js_sys::JSON::stringify(&event).ok().map(String::from)
}

/// A plain JS object with these fields, in this order.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// A field of a JS object; `undefined` when it is missing or `value` is not an object.
pub fn field(value: &JsValue, name: &str) -> JsValue {
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default()
}

/// A field that must be an array, item by item; `None` when it is not an array.
pub fn array_field(value: &JsValue, name: &str) -> Option<js_sys::Array> {
    field(value, name).dyn_into().ok()
}

/// A random RFC 4122 version 4 id. `getRandomValues` works on plain-HTTP pages too, where
/// `crypto.randomUUID` is missing.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = gloo::utils::window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The page's `localStorage`, or `None` where storage is blocked (privacy modes, sandboxed frames).
pub fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The current time as an ISO 8601 UTC timestamp.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// The day and time now in the IANA `zone`, read with the browser's `Intl.DateTimeFormat`.
/// `None` when the browser does not know the zone: then no claim about "now" is made.
pub fn time_in(zone: &str) -> Option<crate::handoff::LocalTime> {
    use crate::handoff::{Clock, Day, LocalTime};
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    // `construct` rather than js-sys's typed constructor: an unknown zone throws a RangeError,
    // which must become `None`, not a trap.
    let arguments = js_sys::Array::of2(&"en-GB".into(), &options);
    let format = js_sys::Reflect::construct(&constructor, &arguments).ok()?;
    let format_to_parts: js_sys::Function = js_sys::Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: js_sys::Array = format_to_parts
        .call1(&format, &js_sys::Date::new_0())
        .ok()?
        .dyn_into()
        .ok()?;
    let part = |kind: &str| {
        parts.iter().find_map(|part| {
            let read = |key: &str| js_sys::Reflect::get(&part, &key.into()).ok()?.as_string();
            (read("type")? == kind).then(|| read("value")).flatten()
        })
    };
    let hours: u16 = part("hour")?.parse().ok()?;
    let minutes: u16 = part("minute")?.parse().ok()?;
    Some(LocalTime {
        day: Day::parse(&part("weekday")?)?,
        clock: Clock::at(hours, minutes),
    })
}
