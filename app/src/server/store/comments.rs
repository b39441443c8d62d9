//! Comments on topics and write-ups.
use super::StoreError;
use crate::model::{Comment, LiveMessage, Person, Subject};
use crate::server::live::{Audience, Outgoing};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Stores a comment (its parent already checked), recounts the topic's comments and
    /// announces both; `None` if the topic is gone or withdrawn.
    async fn insert_comment(
        &self,
        comment: &NewComment,
        now: i64,
    ) -> Result<Option<StoredComment>, StoreError>;

    /// Changes a comment, recounts and announces as `insert_comment` does; `None` if the
    /// comment was deleted or its topic withdrawn.
    async fn change_comment(
        &self,
        comment_id: i64,
        change: &CommentChange,
        now: i64,
    ) -> Result<Option<StoredComment>, StoreError>;

    async fn find_comment(&self, comment_id: i64) -> Result<Option<StoredComment>, StoreError>;

    /// Every comment under the topic, deleted and hidden ones included, oldest first.
    async fn list_comments(&self, subject: Subject) -> Result<Vec<StoredComment>, StoreError>;
}

/// A comment about to be stored; the text is checked.
#[derive(Clone, Debug)]
pub struct NewComment {
    pub subject: Subject,
    pub author_id: i64,
    /// A top-level comment of the same subject.
    pub reply_to: Option<i64>,
    pub body_md: String,
}

/// What can happen to a comment after it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentChange {
    /// Its author rewrites it (checked text).
    Edit(String),
    /// Its author deletes it: the text is erased, the place kept for any replies.
    Delete,
    /// An organiser hides it (`Some(organiser)`) or shows it again (`None`).
    Hide(Option<i64>),
}

/// A comment as stored.
#[derive(Clone, Debug)]
pub struct StoredComment {
    pub id: i64,
    pub subject: Subject,
    pub event_id: i64,
    pub reply_to: Option<i64>,
    pub author: Person,
    pub body_md: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub deleted: bool,
    pub hidden: bool,
}

impl StoredComment {
    /// The comment as a viewer may see it: organisers read hidden comments, nobody reads a
    /// deleted one.
    pub fn view(&self, organiser: bool) -> Comment {
        let comment = Comment {
            id: self.id,
            subject: self.subject,
            reply_to: self.reply_to,
            author: self.author.clone(),
            html: crate::server::render_markdown(&self.body_md),
            markdown: self.body_md.clone(),
            created_at: self.created_at,
            edited: self.edited,
            hidden: self.hidden,
            gone: false,
        };
        if self.deleted || (self.hidden && !organiser) {
            comment.tombstone()
        } else {
            comment
        }
    }

    /// The messages announcing this comment as it now is: a hidden one reaches organisers
    /// with its text and everyone else as a placeholder.
    pub fn announce(&self) -> Vec<Outgoing> {
        let changed = |organiser| LiveMessage::CommentChanged {
            comment: self.view(organiser),
        };
        if self.hidden && !self.deleted {
            vec![
                Outgoing::new(Audience::Organisers, &changed(true)),
                Outgoing::new(Audience::Public, &changed(false)),
            ]
        } else {
            vec![Outgoing::new(Audience::Everyone, &changed(false))]
        }
    }
}
