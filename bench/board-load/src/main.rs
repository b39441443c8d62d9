//! Seeds an event through the real server functions (accounts, 300 topics, 3,000 comments),
//! has 200 signed-in voters cast 30,000 votes at once and checks every count, adds 400
//! registrations and, as the organiser, a two-day agenda in four rooms; then renders the board
//! page from 64 connections, anonymous and signed in. Prints numbers, and `result NAME VALUE`
//! lines for `bench/run.sh`; see `bench/README.md`.
use anyhow::{ensure, Context, Result};
use clap::Parser;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The server, like http://127.0.0.1:3200
    #[arg(long)]
    url: String,
    /// An upcoming event with an empty board and agenda.
    #[arg(long)]
    slug: String,
    /// The event's organiser, who builds the agenda; its password is the demo's.
    #[arg(long)]
    organiser: String,
    #[arg(long, default_value_t = 400)]
    registrations: usize,
    #[arg(long, default_value_t = 4)]
    rooms: usize,
    #[arg(long, default_value_t = 300)]
    topics: usize,
    #[arg(long, default_value_t = 10)]
    comments_per_topic: usize,
    #[arg(long, default_value_t = 200)]
    voters: usize,
    /// Connections rendering the board at once.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

const PASSWORD: &str = "bench password 1";

fn client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(4)
        .build()?)
}

async fn post(
    client: &reqwest::Client,
    args: &Args,
    function: &str,
    form: &[(&str, String)],
) -> Result<reqwest::Response> {
    let response = client
        .post(format!("{}/api/{function}", args.url))
        .form(form)
        .send()
        .await?;
    let status = response.status();
    ensure!(
        status.is_success() || status.is_redirection(),
        "{function} answered {status}: {}",
        response.text().await.unwrap_or_default()
    );
    Ok(response)
}

/// A new account, signed in on its own client.
async fn voter(args: &Args, n: usize) -> Result<reqwest::Client> {
    account(args, &format!("voter{n}"), &format!("Voter {n}")).await
}

async fn account(args: &Args, name: &str, display_name: &str) -> Result<reqwest::Client> {
    let client = client()?;
    let form = [
        ("email", format!("{name}@bench.example")),
        ("display_name", display_name.to_owned()),
        ("affiliation", "Bench".to_owned()),
        ("password", PASSWORD.to_owned()),
    ];
    post(&client, args, "sign_up", &form).await?;
    Ok(client)
}

/// Proposes a topic and returns its id, read from where the server sends the browser.
async fn propose(client: &reqwest::Client, args: &Args, n: usize) -> Result<i64> {
    let form = [
        ("slug", args.slug.clone()),
        ("topic[title]", format!("Topic {n}: merging PVH into HVM, part {n}")),
        (
            "topic[description_md]",
            format!("Make **PVH** a special case of HVM inside the hypervisor ({n}). Much of it is mechanical; I/O handling and CPUID need design."),
        ),
        ("topic[outcomes_md]", "A plan, and hopefully some code!".to_owned()),
        ("topic[contacts]", "Tim Deegan".to_owned()),
        ("topic[mailing_list]", "xen-devel@".to_owned()),
        ("topic[chat_channel]", "#xen-devel".to_owned()),
        ("topic[difficulty]", ["n/a", "beginner", "intermediate", "moderate", "advanced"][n % 5].to_owned()),
        ("topic[skills]", "Hypervisor internals".to_owned()),
        ("topic[gsoc]", "unknown".to_owned()),
    ];
    let response = post(client, args, "propose_topic", &form).await?;
    let location = response
        .headers()
        .get("location")
        .context("no location after proposing")?
        .to_str()?;
    let id = location.rsplit('/').next().context("no topic id")?;
    Ok(id.parse()?)
}

/// A new account asks for an invitation.
async fn register(args: &Args, n: usize) -> Result<()> {
    let client = account(args, &format!("guest{n}"), &format!("Guest {n}")).await?;
    let form = [
        ("slug", args.slug.clone()),
        ("affiliation", "Bench".to_owned()),
        ("stipend_amount", String::new()),
        ("stipend_currency", "EUR".to_owned()),
        ("stipend_reason", String::new()),
        ("note", String::new()),
    ];
    post(&client, args, "request_invitation", &form).await?;
    Ok(())
}

/// The organiser adds the rooms and fills every day, 09:00 to 17:00, with hour-long topics.
async fn build_agenda(args: &Args, topics: &[i64]) -> Result<usize> {
    let organiser = client()?;
    let form = [
        ("email", args.organiser.clone()),
        ("password", PASSWORD.to_owned()),
    ];
    post(&organiser, args, "sign_in", &form).await?;
    let agenda = |organiser: reqwest::Client| async move {
        let url = format!("{}/api/get_agenda?slug={}", args.url, args.slug);
        let agenda: serde_json::Value = organiser.get(url).send().await?.json().await?;
        anyhow::Ok(agenda)
    };
    for room in 0..args.rooms {
        let version = agenda(organiser.clone()).await?["version"].to_string();
        let form = [
            ("slug", args.slug.clone()),
            ("version", version),
            ("name", format!("Room {}", room + 1)),
            ("capacity", "40".to_owned()),
        ];
        post(&organiser, args, "add_room", &form).await?;
    }
    let plan = agenda(organiser.clone()).await?;
    let rooms: Vec<i64> = plan["rooms"]
        .as_array()
        .context("no rooms")?
        .iter()
        .filter_map(|room| room["id"].as_i64())
        .collect();
    let days: Vec<String> = plan["days"]
        .as_array()
        .context("no days")?
        .iter()
        .filter_map(|day| Some(day.as_str()?.to_owned()))
        .collect();
    let mut placed = 0;
    for day in &days {
        for hour in 9..17 {
            for room in &rooms {
                let Some(topic) = topics.get(placed) else {
                    return Ok(placed);
                };
                let version = agenda(organiser.clone()).await?["version"].to_string();
                let form = [
                    ("slug", args.slug.clone()),
                    ("version", version),
                    ("topic_id", topic.to_string()),
                    ("room_id", room.to_string()),
                    ("day", day.clone()),
                    ("start", format!("{hour:02}:00")),
                    ("end", format!("{:02}:00", hour + 1)),
                ];
                post(&organiser, args, "schedule_session", &form).await?;
                placed += 1;
            }
        }
    }
    Ok(placed)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let args = &args;

    let started = Instant::now();
    let voters: Vec<reqwest::Client> = stream::iter(0..args.voters)
        .map(|n| voter(args, n))
        .buffered(4)
        .try_collect()
        .await?;
    println!(
        "seeded {} accounts in {:.1} s",
        voters.len(),
        started.elapsed().as_secs_f64()
    );
    let voters = &voters;

    let started = Instant::now();
    let topics: Vec<i64> = stream::iter(0..args.topics)
        .map(|n| propose(&voters[n % voters.len()], args, n))
        .buffered(8)
        .try_collect()
        .await?;
    println!(
        "seeded {} topics in {:.1} s",
        topics.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let comments = args.topics * args.comments_per_topic;
    let ids = &topics;
    stream::iter(0..comments)
        .map(|n| {
            let form = [
                ("slug", args.slug.clone()),
                ("on", format!("topic:{}", ids[n % ids.len()])),
                (
                    "body",
                    format!("Comment {n}: what about **CPUID** and I/O handling?"),
                ),
            ];
            async move { post(&voters[(n * 7) % voters.len()], args, "add_comment", &form).await }
        })
        .buffer_unordered(8)
        .try_collect::<Vec<_>>()
        .await?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "comments: {comments} from 8 connections in {took:.1} s: {:.0} comments/s",
        comments as f64 / took
    );
    println!("result comments_per_s {:.0}", comments as f64 / took);

    // Every voter votes for every other topic: half the board each, all at once.
    let started = Instant::now();
    let cast: usize = stream::iter(voters.iter().enumerate())
        .map(|(v, client)| {
            let topics = &topics;
            async move {
                let mut cast = 0;
                for (t, id) in topics.iter().enumerate() {
                    if (v + t) % 2 == 0 {
                        let form = [
                            ("slug", args.slug.clone()),
                            ("topic_id", id.to_string()),
                            ("on", "true".to_owned()),
                        ];
                        post(client, args, "vote", &form).await?;
                        cast += 1;
                    }
                }
                anyhow::Ok(cast)
            }
        })
        .buffer_unordered(args.voters)
        .try_fold(0, |sum, n| async move { Ok(sum + n) })
        .await?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "votes: {cast} by {} concurrent voters in {took:.1} s: {:.0} votes/s",
        voters.len(),
        cast as f64 / took
    );
    println!("result votes_per_s {:.0}", cast as f64 / took);

    let board: serde_json::Value = reqwest::get(format!(
        "{}/api/topic_board?slug={}&show=10000",
        args.url, args.slug
    ))
    .await?
    .json()
    .await?;
    // The event may have had topics before; these are the ones seeded here.
    let cards: Vec<&serde_json::Value> = board["topics"]
        .as_array()
        .context("no topics")?
        .iter()
        .filter(|card| card["id"].as_i64().is_some_and(|id| topics.contains(&id)))
        .collect();
    ensure!(
        cards.len() == topics.len(),
        "{} of the {} topics on the board",
        cards.len(),
        topics.len()
    );
    for card in &cards {
        let id = card["id"].as_i64().context("no id")?;
        let index = topics
            .iter()
            .position(|t| *t == id)
            .context("unknown topic")?;
        let expected = (0..voters.len()).filter(|v| (v + index) % 2 == 0).count() as u64;
        ensure!(
            card["votes"].as_u64() == Some(expected),
            "topic {id} counts {} votes, expected {expected}",
            card["votes"]
        );
        ensure!(
            card["comments"].as_u64() == Some(args.comments_per_topic as u64),
            "topic {id} counts {} comments",
            card["comments"]
        );
    }
    println!("counts: exact on all {} topics", cards.len());

    let started = Instant::now();
    stream::iter(0..args.registrations)
        .map(|n| register(args, n))
        .buffer_unordered(4)
        .try_collect::<Vec<_>>()
        .await?;
    println!(
        "registrations: {} accounts asked for an invitation in {:.1} s",
        args.registrations,
        started.elapsed().as_secs_f64()
    );
    let sessions = build_agenda(args, &topics).await?;
    println!("agenda: {} rooms, {sessions} sessions", args.rooms);

    let page = format!("{}/events/{}/topics", args.url, args.slug);
    let anonymous = reqwest::Client::builder().build()?;
    let body = anonymous.get(&page).send().await?.text().await?;
    println!("board page: {} KB of HTML", body.len() / 1024);
    // Anonymous visitors share kept renders (server/src/page_cache.rs); signed-in ones, who
    // see their own votes, are rendered every time. Both are measured.
    let anonymous_clients = vec![anonymous; args.connections];
    renders(args, "anonymous", &page, &anonymous_clients).await?;
    let signed_in: Vec<reqwest::Client> = voters.iter().take(args.connections).cloned().collect();
    renders(args, "signed in", &page, &signed_in).await?;
    Ok(())
}

/// Fetches `page` from one connection per client as fast as they can for `args.seconds`.
async fn renders(args: &Args, who: &str, page: &str, clients: &[reqwest::Client]) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = stream::iter(clients)
        .map(|client| async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = client.get(page).send().await?;
                ensure!(
                    response.status().is_success(),
                    "board answered {}",
                    response.status()
                );
                response.bytes().await?;
                latencies.push(sent.elapsed());
            }
            anyhow::Ok(latencies)
        })
        .buffer_unordered(clients.len())
        .try_concat()
        .await?;
    let took = started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "board renders, {who}: {} in {took:.1} s from {} connections: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        clients.len(),
        latencies.len() as f64 / took,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    Ok(())
}
