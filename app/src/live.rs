//! A page's connection to its event's live stream, and the badge that shows its state.
//!
//! The server renders the page from a snapshot that says where in the stream it was read
//! (`live_seq`); in the browser, `Live::follow` opens the stream from there, hands each new
//! message to the components that asked for it, and reconnects with back-off when the
//! connection drops, resuming after the last message it applied.
use crate::model::LiveMessage;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum LiveStatus {
    /// Not following: on the server, and before the WASM has loaded.
    Off,
    Connecting,
    Live,
    Reconnecting,
}

type Handler = Arc<dyn Fn(&LiveMessage) + Send + Sync>;

/// The live state of one event page, shared through context with what it contains.
#[derive(Clone, Copy)]
pub struct Live {
    pub status: RwSignal<LiveStatus>,
    /// People with the event open now, once the stream has said.
    pub viewers: RwSignal<Option<u32>>,
    /// Moves when the stream says too much was missed: pages then reload their data.
    pub resyncs: RwSignal<u32>,
    handlers: StoredValue<Vec<(u64, Handler)>>,
    next_handler: StoredValue<u64>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    following: StoredValue<Option<Following>>,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Following {
    slug: String,
    #[cfg(feature = "hydrate")]
    stop: futures::future::AbortHandle,
}

impl Live {
    pub fn new() -> Live {
        let live = Live {
            status: RwSignal::new(LiveStatus::Off),
            viewers: RwSignal::new(None),
            resyncs: RwSignal::new(0),
            handlers: StoredValue::new(Vec::new()),
            next_handler: StoredValue::new(0),
            following: StoredValue::new(None),
        };
        on_cleanup(move || live.stop());
        live
    }

    /// Calls `handler` with every new message until the calling component goes away.
    pub fn on_message(&self, handler: impl Fn(&LiveMessage) + Send + Sync + 'static) {
        let id = self.next_handler.get_value();
        self.next_handler.set_value(id + 1);
        self.handlers
            .update_value(|handlers| handlers.push((id, Arc::new(handler))));
        let handlers = self.handlers;
        on_cleanup(move || {
            handlers.try_update_value(|handlers| handlers.retain(|(other, _)| *other != id));
        });
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn deliver(&self, message: &LiveMessage) {
        let handlers: Vec<Handler> = self
            .handlers
            .with_value(|handlers| handlers.iter().map(|(_, h)| Arc::clone(h)).collect());
        for handler in handlers {
            handler(message);
        }
    }

    /// Follows the event's stream from position `seq`, unless already following it. Does
    /// nothing on the server.
    pub fn follow(&self, slug: &str, seq: u64) {
        #[cfg(feature = "hydrate")]
        {
            let same = self
                .following
                .with_value(|following| following.as_ref().is_some_and(|f| f.slug == slug));
            if same {
                return;
            }
            self.stop();
            let (task, stop) = futures::future::abortable(client::follow(*self, slug.into(), seq));
            leptos::task::spawn_local(async move {
                let _ = task.await;
            });
            self.following.set_value(Some(Following {
                slug: slug.into(),
                stop,
            }));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (slug, seq);
    }

    fn stop(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(Some(following)) = self.following.try_update_value(Option::take) {
            // Dropping the task closes its EventSource.
            following.stop.abort();
        }
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use super::{Live, LiveStatus};
    use crate::model::{reconnect_delay_ms, LiveCursor, LiveMessage};
    use futures::{FutureExt, StreamExt};
    use gloo_net::eventsource::futures::EventSource;
    use gloo_net::eventsource::State;
    use gloo_timers::future::TimeoutFuture;
    use leptos::prelude::*;

    /// The server speaks at least every 10 s; silence for longer than this means the
    /// connection is dead even if the phone has not noticed.
    const SILENCE_MS: f64 = 25_000.0;

    /// How long a first connection may take before it counts as failed.
    const CONNECT_MS: f64 = 5_000.0;

    pub async fn follow(live: Live, slug: String, seq: u64) {
        let mut cursor = LiveCursor { seq };
        let mut failures = 0u32;
        loop {
            live.status.set(if failures == 0 {
                LiveStatus::Connecting
            } else {
                LiveStatus::Reconnecting
            });
            let url = format!("/events/{slug}/live?after={}", cursor.seq);
            if let Ok(mut source) = EventSource::new(&url) {
                if let Ok(mut messages) = source.subscribe("message") {
                    let opened = js_sys::Date::now();
                    let (mut heard, mut last_heard) = (false, opened);
                    loop {
                        let next = futures::select! {
                            next = messages.next().fuse() => Some(next),
                            () = TimeoutFuture::new(1_000).fuse() => None,
                        };
                        let now = js_sys::Date::now();
                        let event = match next {
                            Some(Some(Ok((_, event)))) => event,
                            Some(_) => break, // refused or closed for good
                            None => {
                                // The browser retries a dropped stream by itself, quietly and
                                // without back-off; noticing that is our cue to take over.
                                let retrying = source.state() == State::Connecting
                                    && (heard || now - opened > CONNECT_MS);
                                if retrying || now - last_heard > SILENCE_MS {
                                    break;
                                }
                                continue;
                            }
                        };
                        (heard, last_heard) = (true, now);
                        failures = 0;
                        live.status.set(LiveStatus::Live);
                        let Some(data) = event.data().as_string() else {
                            continue;
                        };
                        let Ok(message) = serde_json::from_str::<LiveMessage>(&data) else {
                            continue; // a kind from a newer server: the next reload shows it
                        };
                        receive(live, &mut cursor, &event.last_event_id(), message);
                    }
                }
                source.close();
            }
            failures += 1;
            live.status.set(LiveStatus::Reconnecting);
            TimeoutFuture::new(reconnect_delay_ms(failures, js_sys::Math::random())).await;
        }
    }

    fn receive(live: Live, cursor: &mut LiveCursor, id: &str, message: LiveMessage) {
        match message {
            LiveMessage::Viewers { count } => live.viewers.set(Some(count)),
            LiveMessage::Resync { seq } => {
                cursor.seq = seq;
                live.resyncs.update(|n| *n += 1);
            }
            message => {
                // The browser repeats the last id on messages without one, so only stored
                // kinds are read for a position.
                if cursor.accept(id.parse().ok()) {
                    live.deliver(&message);
                }
            }
        }
    }
}

/// "Live · 3 watching now", or "Reconnecting…" when the connection is down.
#[component]
pub fn LiveBadge() -> impl IntoView {
    let live = use_context::<Live>();
    let status = move || live.map_or(LiveStatus::Off, |live| live.status.get());
    let state = move || match status() {
        LiveStatus::Off => "off",
        LiveStatus::Connecting => "connecting",
        LiveStatus::Live => "live",
        LiveStatus::Reconnecting => "reconnecting",
    };
    let label = move || match status() {
        LiveStatus::Off => "",
        LiveStatus::Connecting => "Connecting…",
        LiveStatus::Live => "Live",
        LiveStatus::Reconnecting => "Reconnecting…",
    };
    let viewers = move || {
        let count = live.and_then(|live| live.viewers.get())?;
        Some(view! { <span class="viewers">{format!("{count} watching now")}</span> })
    };
    view! {
        <span class="live-badge" data-state=state>
            <span class="live-state" role="status" aria-label="Live updates">{label}</span>
            {viewers}
        </span>
    }
}
