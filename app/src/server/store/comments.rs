//! Comments on topics and write-ups.
use super::StoreError;
use crate::model::{Person, Subject};
use crate::server::live::Outgoing;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Stores a comment (its parent already checked), recounts its subject's comments and
    /// publishes what `announce` makes of both in the same transaction; `None` if the topic
    /// is gone or withdrawn.
    async fn insert_comment(
        &self,
        comment: &NewComment,
        now: i64,
        announce: AnnounceComment,
    ) -> Result<Option<StoredComment>, StoreError>;

    /// Changes a comment, recounts and announces as `insert_comment` does; `None` if the
    /// comment was deleted or its topic withdrawn.
    async fn update_comment(
        &self,
        comment_id: i64,
        change: &CommentChange,
        now: i64,
        announce: AnnounceComment,
    ) -> Result<Option<StoredComment>, StoreError>;

    async fn find_comment(&self, comment_id: i64) -> Result<Option<StoredComment>, StoreError>;

    /// Every comment under the topic, deleted and hidden ones included, oldest first.
    async fn list_comments(&self, subject: Subject) -> Result<Vec<StoredComment>, StoreError>;
}

/// The live messages for a comment as it now is and its subject's comment count. The
/// service decides them; the store publishes them with the change, so a change is never
/// announced without being made, nor made without being announced.
pub type AnnounceComment = fn(&StoredComment, u32) -> Vec<Outgoing>;

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
