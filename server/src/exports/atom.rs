//! `GET /events/{slug}/writeups.atom`: the event's write-ups as an Atom feed (RFC 4287), for
//! planet aggregators and feed readers. Newest first, as the page lists them after the pinned
//! one; each entry's id is its page's address, so it stays the same for life.
use super::xml;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::SecondsFormat;
use hackboard_app::model::Writeups;
use hackboard_app::server::{writeups, AppState};

pub async fn writeups_atom(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match writeups::page(&state, None, &slug).await {
        Ok(page) => (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            feed(&page, &state.public_url),
        )
            .into_response(),
        Err(error) => super::refusal(error),
    }
}

/// The feed document; `base` is the site's public address, without a trailing slash.
pub fn feed(page: &Writeups, base: &str) -> String {
    let base = base.trim_end_matches('/');
    let list = format!("{base}/events/{}/writeups", page.slug);
    let mut entries: Vec<_> = page.writeups.iter().collect();
    entries.sort_by_key(|w| std::cmp::Reverse(w.created_at));
    let updated = entries
        .first()
        .map(|w| w.created_at)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "  <title>{}: write-ups</title>\n",
        xml(&page.event_title)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml(&list)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}.atom\"/>\n",
        xml(&list)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&list)
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <generator>Hackboard</generator>\n");
    for writeup in entries {
        let url = format!("{list}/{}", writeup.id);
        let at = writeup
            .created_at
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&writeup.title)));
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml(&writeup.author.display_name)
        ));
        out.push_str(&format!("    <published>{at}</published>\n"));
        out.push_str(&format!("    <updated>{at}</updated>\n"));
        for topic in &writeup.topics {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml(&topic.title)));
        }
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(&writeup.html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
