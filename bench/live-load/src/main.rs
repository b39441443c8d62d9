//! Opens N subscribers to one event's live stream, has its organiser change the event at a
//! steady rate, and reports how long each change took to reach every subscriber.
//!
//! Run through `bench/live.sh`, which starts a release server with demo data.
use anyhow::{bail, Context};
use clap::Parser;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[derive(Parser)]
struct Args {
    /// The server, like http://127.0.0.1:3200.
    #[arg(long)]
    url: String,
    /// The event to watch and change.
    #[arg(long)]
    slug: String,
    #[arg(long)]
    subscribers: usize,
    /// Changes a second.
    #[arg(long, default_value_t = 5)]
    rate: u32,
    /// How many changes to publish.
    #[arg(long, default_value_t = 100)]
    changes: u32,
    /// An organiser of the event.
    #[arg(long)]
    email: String,
    #[arg(long)]
    password: String,
    /// The server's process id, to read its resident memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

/// Per change: when it was sent, and how long it took to reach each subscriber.
#[derive(Default)]
struct Deliveries {
    sent: HashMap<u32, Instant>,
    latencies: Vec<Duration>,
    received: HashMap<u32, usize>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let deliveries = Arc::new(Mutex::new(Deliveries::default()));
    let started = Instant::now();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::unbounded_channel();
    let stream_client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;
    for _ in 0..args.subscribers {
        let url = format!("{}/events/{}/live", args.url, args.slug);
        let (client, deliveries, ready) =
            (stream_client.clone(), deliveries.clone(), ready_tx.clone());
        tokio::spawn(async move {
            if let Err(error) = subscribe(client, url, deliveries, ready).await {
                eprintln!("subscriber: {error:#}");
            }
        });
        // Opening thousands at once would measure the accept queue, not the stream.
        tokio::task::yield_now().await;
    }
    drop(ready_tx);
    let mut connected = 0;
    while connected < args.subscribers {
        match tokio::time::timeout(Duration::from_secs(60), ready_rx.recv()).await {
            Ok(Some(())) => connected += 1,
            _ => break,
        }
    }
    println!(
        "{connected} of {} subscribers connected in {:.1} s",
        args.subscribers,
        started.elapsed().as_secs_f64()
    );
    if connected < args.subscribers {
        bail!("not every subscriber connected");
    }
    let rss_idle = args.server_pid.and_then(resident_kib);

    let publisher = reqwest::Client::builder().cookie_store(true).build()?;
    let signed_in = publisher
        .post(format!("{}/api/sign_in", args.url))
        .form(&[("email", &args.email), ("password", &args.password)])
        .send()
        .await?;
    if !signed_in.status().is_success() {
        bail!("the organiser cannot sign in: {}", signed_in.status());
    }
    let editor: Value = publisher
        .get(format!("{}/api/event_editor?slug={}", args.url, args.slug))
        .send()
        .await?
        .json()
        .await
        .context("reading the editor")?;
    let first_revision = editor["revision"].as_i64().context("no revision")?;
    let mut form = editor["form"].clone();

    let period = Duration::from_secs_f64(1.0 / f64::from(args.rate));
    let mut tick = tokio::time::interval(period);
    let mut rss_peak = 0;
    for change in 0..args.changes {
        tick.tick().await;
        form["tagline"] = Value::String(format!("bench {change} ."));
        // Each save moves the revision on by one.
        let revision = first_revision + i64::from(change);
        let mut fields = vec![
            ("slug".to_owned(), args.slug.clone()),
            ("revision".to_owned(), revision.to_string()),
        ];
        flatten("event".into(), &form, &mut fields);
        deliveries.lock().await.sent.insert(change, Instant::now());
        let saved = publisher
            .post(format!("{}/api/update_event", args.url))
            .form(&fields)
            .send()
            .await?;
        if !saved.status().is_success() {
            bail!("change {change} was refused: {}", saved.status());
        }
        if change % 10 == 0 {
            rss_peak = rss_peak.max(args.server_pid.and_then(resident_kib).unwrap_or(0));
        }
    }
    // Let the last messages arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    rss_peak = rss_peak.max(args.server_pid.and_then(resident_kib).unwrap_or(0));

    let mut deliveries = deliveries.lock().await;
    let expected = args.subscribers * args.changes as usize;
    let delivered: usize = deliveries.received.values().sum();
    deliveries.latencies.sort();
    let at = |q: f64| {
        let latencies = &deliveries.latencies;
        let index = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        latencies
            .get(index)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "subscribers {}  changes {} at {}/s  delivered {delivered} of {expected}  lost {}",
        args.subscribers,
        args.changes,
        args.rate,
        expected.saturating_sub(delivered)
    );
    println!(
        "latency ms  p50 {:.1}  p99 {:.1}  max {:.1}",
        at(0.50),
        at(0.99),
        at(1.0)
    );
    if let Some(idle) = rss_idle {
        println!(
            "server RSS  {:.0} MB with everyone connected, {:.0} MB peak while publishing",
            idle as f64 / 1024.0,
            rss_peak as f64 / 1024.0
        );
    }
    Ok(())
}

/// One subscriber: reads the stream and notes when each change arrives.
async fn subscribe(
    client: reqwest::Client,
    url: String,
    deliveries: Arc<Mutex<Deliveries>>,
    ready: tokio::sync::mpsc::UnboundedSender<()>,
) -> anyhow::Result<()> {
    let mut response = client.get(url).send().await?;
    if !response.status().is_success() {
        bail!("refused: {}", response.status());
    }
    let _ = ready.send(());
    let mut buffer = String::new();
    while let Some(chunk) = response.chunk().await? {
        let arrived = Instant::now();
        buffer.push_str(std::str::from_utf8(&chunk)?);
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if let Some(change) = change_in(&block) {
                let mut deliveries = deliveries.lock().await;
                if let Some(sent) = deliveries.sent.get(&change).copied() {
                    deliveries.latencies.push(arrived - sent);
                    *deliveries.received.entry(change).or_default() += 1;
                }
            }
        }
    }
    Ok(())
}

/// The change number in an `event_changed` message's tagline, "bench N .".
fn change_in(block: &str) -> Option<u32> {
    let start = block.find("\"tagline\":\"bench ")? + "\"tagline\":\"bench ".len();
    let digits: String = block[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The editor's field names for a JSON form, as the page names them: `event[hotels][0][name]`.
fn flatten(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten(format!("{prefix}[{key}]"), value, out);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                flatten(format!("{prefix}[{index}]"), value, out);
            }
        }
        Value::String(text) => out.push((prefix, text.clone())),
        other => out.push((prefix, other.to_string())),
    }
}

/// The resident memory of a process, in KiB, from /proc.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
