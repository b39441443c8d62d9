//! Comments under a topic (peer review) or a write-up, and the thread they make: replies one
//! level deep.
use super::text::text;
use super::Person;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const COMMENT_MAX: usize = 10_000;

/// What a comment is about. Written "topic:3" or "writeup:5", so a plain form's hidden field
/// and the JSON of a server function carry it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Subject {
    Topic(i64),
    Writeup(i64),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Topic(id) => write!(f, "topic:{id}"),
            Subject::Writeup(id) => write!(f, "writeup:{id}"),
        }
    }
}

impl From<Subject> for String {
    fn from(subject: Subject) -> String {
        subject.to_string()
    }
}

impl TryFrom<String> for Subject {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let unknown = || format!("\"{text}\" is not something to comment on.");
        let (kind, id) = text.split_once(':').ok_or_else(unknown)?;
        let id: i64 = id.parse().map_err(|_| unknown())?;
        match kind {
            "topic" => Ok(Subject::Topic(id)),
            "writeup" => Ok(Subject::Writeup(id)),
            _ => Err(unknown()),
        }
    }
}

/// A comment as its viewer may see it, markdown rendered and sanitized on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub subject: Subject,
    /// The top-level comment this one answers.
    pub reply_to: Option<i64>,
    pub author: Person,
    /// Empty when the comment is gone for this viewer (see `gone`).
    pub html: String,
    /// The source, for its author's edit form; empty when gone.
    pub markdown: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    /// Hidden by an organiser; only organisers receive a hidden comment's text.
    pub hidden: bool,
    /// Deleted by its author, or hidden and this viewer is no organiser. Kept while replies
    /// need a parent to sit under; shown as a placeholder.
    pub gone: bool,
}

impl Comment {
    /// What a viewer who may not see this comment gets: the place it held, no words.
    pub fn tombstone(mut self) -> Comment {
        self.html.clear();
        self.markdown.clear();
        self.gone = true;
        self
    }
}

/// A comment's text as typed, checked: 1 to 10,000 characters.
pub fn check_comment(body: &str) -> Result<String, String> {
    let body = text(body, COMMENT_MAX).map_err(|rule| format!("The comment {rule}."))?;
    if body.is_empty() {
        return Err("Write something first.".into());
    }
    Ok(body)
}

/// A top-level comment with its replies, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// Puts comments in threads and leaves out what would be an empty placeholder: a gone comment
/// with no reply still shown. Replies whose parent is unknown come last, as top-level comments.
pub fn threads(comments: &[Comment]) -> Vec<Thread> {
    let mut threads: Vec<Thread> = comments
        .iter()
        .filter(|c| c.reply_to.is_none())
        .map(|c| Thread {
            comment: c.clone(),
            replies: Vec::new(),
        })
        .collect();
    for reply in comments.iter().filter(|c| c.reply_to.is_some()) {
        if reply.gone {
            continue;
        }
        match threads
            .iter_mut()
            .find(|t| Some(t.comment.id) == reply.reply_to)
        {
            Some(thread) => thread.replies.push(reply.clone()),
            None => threads.push(Thread {
                comment: reply.clone(),
                replies: Vec::new(),
            }),
        }
    }
    threads.retain(|t| !t.comment.gone || !t.replies.is_empty());
    threads.sort_by_key(|t| t.comment.id);
    for thread in &mut threads {
        thread.replies.sort_by_key(|c| c.id);
    }
    threads
}

/// Applies a change to a page's comments: an added or changed one replaces its old self.
pub fn upsert(comments: &mut Vec<Comment>, comment: Comment) {
    match comments.iter_mut().find(|c| c.id == comment.id) {
        Some(old) => *old = comment,
        None => comments.push(comment),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, reply_to: Option<i64>) -> Comment {
        Comment {
            id,
            subject: Subject::Topic(1),
            reply_to,
            author: Person {
                id: 1,
                display_name: "Lars".into(),
                affiliation: String::new(),
            },
            html: format!("<p>{id}</p>"),
            markdown: id.to_string(),
            created_at: DateTime::default(),
            edited: false,
            hidden: false,
            gone: false,
        }
    }

    fn shape(threads: &[Thread]) -> Vec<(i64, Vec<i64>)> {
        threads
            .iter()
            .map(|t| (t.comment.id, t.replies.iter().map(|r| r.id).collect()))
            .collect()
    }

    #[test]
    fn replies_sit_under_the_comment_they_answer() {
        let comments = [
            comment(1, None),
            comment(3, Some(1)),
            comment(2, None),
            comment(4, Some(2)),
            comment(5, Some(1)),
        ];
        assert_eq!(shape(&threads(&comments)), [(1, vec![3, 5]), (2, vec![4])]);
    }

    #[test]
    fn a_gone_comment_stays_only_as_the_place_of_its_replies() {
        let comments = [
            comment(1, None).tombstone(),
            comment(2, Some(1)),
            comment(3, None).tombstone(),
            comment(4, None),
            comment(5, Some(4)).tombstone(),
        ];
        let threads = threads(&comments);
        assert_eq!(shape(&threads), [(1, vec![2]), (4, vec![])]);
        assert!(threads[0].comment.html.is_empty() && threads[0].comment.gone);
    }

    #[test]
    fn a_comment_needs_words_within_the_limit() {
        assert_eq!(check_comment("  What is NFV? "), Ok("What is NFV?".into()));
        assert_eq!(check_comment(" \n "), Err("Write something first.".into()));
        assert!(check_comment(&"x".repeat(COMMENT_MAX + 1)).is_err());
        assert!(check_comment("bell \u{7}").is_err());
    }

    #[test]
    fn a_subject_reads_back_as_written() {
        for subject in [Subject::Topic(3), Subject::Writeup(12)] {
            assert_eq!(Subject::try_from(subject.to_string()), Ok(subject));
        }
        assert!(Subject::try_from("event:1".to_owned()).is_err());
        assert!(Subject::try_from("topic:x".to_owned()).is_err());
        assert!(Subject::try_from("topic".to_owned()).is_err());
    }

    #[test]
    fn an_update_replaces_the_comment_it_is_about() {
        let mut comments = vec![comment(1, None)];
        let mut edited = comment(1, None);
        edited.edited = true;
        upsert(&mut comments, edited.clone());
        upsert(&mut comments, comment(2, None));
        assert_eq!(comments, [edited, comment(2, None)]);
    }

    proptest::proptest! {
        #[test]
        fn any_subject_reads_back_and_nothing_else_panics(id in proptest::num::i64::ANY, text in ".{0,40}") {
            for subject in [Subject::Topic(id), Subject::Writeup(id)] {
                proptest::prop_assert_eq!(Subject::try_from(subject.to_string()), Ok(subject));
            }
            // "topic:+7" reads as topic 7, which then writes itself "topic:7".
            if let Ok(subject) = Subject::try_from(text) {
                proptest::prop_assert_eq!(Subject::try_from(subject.to_string()), Ok(subject));
            }
        }
    }
}
