//! Building the router and serving it until a shutdown signal.
use crate::config::{Config, Limits};
use crate::db::{Database, Sessions};
use crate::health::healthz;
use crate::live::Hub;
use crate::page_cache::PageCache;
use anyhow::Context;
use axum::extract::FromRef;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use hackboard_app::server::{AppState, MailSender};
use hackboard_app::{shell, App};
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::Level;

/// The router's state: Leptos needs its options, handlers need the app state.
#[derive(Clone)]
struct ServerState {
    leptos: LeptosOptions,
    app: AppState,
    hub: Arc<Hub>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

impl FromRef<ServerState> for Arc<Hub> {
    fn from_ref(state: &ServerState) -> Self {
        Arc::clone(&state.hub)
    }
}

/// What the app's services work with, for the server and for the command line alike.
pub fn app_state(config: &Config, database: &Database) -> anyhow::Result<AppState> {
    let mail_sender = match &config.smtp {
        Some(smtp) => {
            let sender = crate::smtp::SmtpSender::new(smtp)?;
            Some(Arc::new(sender) as Arc<dyn MailSender>)
        }
        None => None,
    };
    Ok(AppState {
        store: database.store.clone(),
        attempts: Default::default(),
        attempts_per_minute: config.attempts_per_minute,
        public_url: config.public_url.clone(),
        mail_sender,
    })
}

/// A bound listener and its router, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    hub: Arc<Hub>,
    limits: Limits,
    trusted_proxies: Arc<[std::net::IpAddr]>,
}

impl Application {
    /// Binds the configured address (port 0 picks a free one, as tests do).
    pub async fn build(config: &Config, database: &Database) -> anyhow::Result<Self> {
        let wanted = config.leptos.site_addr;
        let listener = TcpListener::bind(wanted).await.with_context(|| {
            format!(
                "cannot listen on {wanted}: stop the program using it or set LEPTOS_SITE_ADDR \
                 to a free address"
            )
        })?;
        let addr = listener
            .local_addr()
            .context("cannot read the listening address")?;
        let mut leptos = config.leptos.clone();
        leptos.site_addr = addr;
        let hub = Hub::new(
            database.store.clone(),
            config.live_per_ip,
            Arc::clone(&database.changes),
        );
        crate::live::start(&hub, &database.live);
        crate::live::start_tally(&hub, database.store.clone(), Arc::clone(&database.votes));
        let app = app_state(config, database)?;
        crate::reminders::start(&hub, app.clone(), config.chores_every);
        crate::mail_retry::start(&hub, app.clone(), config.mail_retry_every);
        let state = ServerState {
            leptos,
            app,
            hub: Arc::clone(&hub),
        };
        let sessions = session_layer(database.sessions.clone(), config.secure_cookies);
        let metrics = crate::metrics::Sources {
            metrics: Arc::default(),
            hub: Arc::clone(&hub),
            pool: database.pool.clone(),
        };
        let router = router(state, config.limits, metrics).layer(sessions);
        Ok(Application {
            listener,
            router,
            addr,
            hub,
            limits: config.limits,
            trusted_proxies: config.trusted_proxies.clone().into(),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, then ends the live streams and lets requests in
    /// flight finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let hub = self.hub;
        let shutdown = async move {
            shutdown.await;
            // Streams never finish by themselves; browsers reconnect to the next server.
            hub.close();
        };
        let (limits, trusted) = (self.limits, self.trusted_proxies);
        crate::connections::serve(self.listener, self.router, limits, trusted, shutdown).await;
        Ok(())
    }
}

fn router(state: ServerState, limits: Limits, metrics: crate::metrics::Sources) -> Router {
    let routes = generate_route_list(App);
    let app_state = state.app.clone();
    let context = move || {
        provide_context(app_state.clone());
        // Leptos's inline scripts carry the nonce that `headers::secure` put in the policy.
        let nonce =
            use_context::<Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned());
        if let Some(nonce) = nonce {
            provide_context(nonce);
        }
    };
    let hashed = crate::headers::HashedBundle(state.leptos.hash_files);
    let leptos = state.leptos.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route_service(
            "/metrics",
            get(crate::metrics::serve).with_state(metrics.clone()),
        )
        .route("/events/{slug}/live", get(crate::live::live_stream))
        .route("/events/{slug}/agenda.ics", get(crate::exports::agenda_ics))
        .route(
            "/events/{slug}/my-agenda.ics",
            get(crate::exports::my_agenda_ics),
        )
        .route("/events/{slug}/qr.svg", get(crate::exports::event_qr))
        .route(
            "/events/{slug}/export.json",
            get(crate::exports::event_json),
        )
        .route(
            "/events/{slug}/writeups.atom",
            get(crate::exports::writeups_atom),
        )
        .route(
            "/events/{slug}/schedule.xml",
            get(crate::exports::schedule_xml),
        )
        .route(
            "/events/{slug}/schedule.json",
            get(crate::exports::schedule_json),
        )
        .route(
            "/events/{slug}/registrations.csv",
            get(crate::exports::registrations_csv),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn(crate::kept_form::keep))
        .layer(axum::middleware::from_fn_with_state(
            hashed,
            crate::headers::secure,
        ))
        // Pages and server function answers; the bundle is compressed at build time
        // (`--precompress`) and served as built. A fast level: the kept pages are compressed
        // once, the rest on every request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn_with_state(
            PageCache::new(Arc::clone(&state.hub)),
            crate::page_cache::serve,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            limits,
            crate::body_limit::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::same_origin::PublicOrigin::new(&state.app.public_url),
            crate::same_origin::same_origin_only,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&metrics.metrics),
            crate::metrics::record,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Server-side sessions: the cookie holds only an id; expiry after two weeks without a visit.
fn session_layer(sessions: Sessions, secure: bool) -> SessionManagerLayer<Sessions> {
    SessionManagerLayer::new(sessions)
        .with_name("hackboard_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(14),
        ))
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
