//! Delegates comments (`CommentStore`) to `db::comments`.

macro_rules! impl_comments_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::CommentStore for $store {
            async fn insert_comment(
                &self,
                comment: &NewComment,
                now: i64,
                announce: hackboard_app::server::AnnounceComment,
            ) -> Result<Option<StoredComment>, StoreError> {
                let notify = &self.notify;
                super::comments::insert_comment(&self.pool, notify, comment, now, announce).await
            }

            async fn update_comment(
                &self,
                comment_id: i64,
                change: &CommentChange,
                now: i64,
                announce: hackboard_app::server::AnnounceComment,
            ) -> Result<Option<StoredComment>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::comments::update_comment(pool, notify, comment_id, change, now, announce)
                    .await
            }

            async fn find_comment(
                &self,
                comment_id: i64,
            ) -> Result<Option<StoredComment>, StoreError> {
                super::comments::find_comment(&self.pool, comment_id).await
            }

            async fn list_comments(
                &self,
                subject: Subject,
            ) -> Result<Vec<StoredComment>, StoreError> {
                super::comments::list_comments(&self.pool, subject).await
            }
        }
    };
}
pub(crate) use impl_comments_store;
