//! Delegates write-ups and outcomes (`WriteupStore`) to `db::writeups`.

macro_rules! impl_writeups_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::WriteupStore for $store {
            async fn insert_writeup(
                &self,
                event_id: i64,
                author_id: i64,
                draft: &hackboard_app::model::WriteupDraft,
                pinned: bool,
                now: i64,
                live: &[Outgoing],
            ) -> Result<i64, StoreError> {
                let post = super::writeups::Post {
                    event_id,
                    author_id,
                    draft,
                    pinned,
                };
                super::writeups::insert_writeup(&self.pool, &self.notify, post, now, live).await
            }

            async fn update_writeup(
                &self,
                writeup_id: i64,
                change: &hackboard_app::server::WriteupChange,
                now: i64,
                live: &[Outgoing],
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update_writeup(pool, notify, writeup_id, change, now, live).await
            }

            async fn find_writeup(
                &self,
                writeup_id: i64,
            ) -> Result<Option<hackboard_app::server::StoredWriteup>, StoreError> {
                super::writeups::find_writeup(&self.pool, writeup_id).await
            }

            async fn list_writeups(
                &self,
                event_id: i64,
            ) -> Result<Vec<hackboard_app::server::StoredWriteup>, StoreError> {
                super::writeups::list_writeups(&self.pool, event_id).await
            }

            async fn update_outcome(
                &self,
                event_id: i64,
                topic_id: i64,
                draft: &hackboard_app::model::OutcomeDraft,
                now: i64,
                live: &[Outgoing],
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update_outcome(pool, notify, event_id, topic_id, draft, now, live)
                    .await
            }

            async fn update_outcome_featured(
                &self,
                event_id: i64,
                topic_id: i64,
                on: bool,
                live: &[Outgoing],
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update_outcome_featured(pool, notify, event_id, topic_id, on, live)
                    .await
            }

            async fn list_outcomes(
                &self,
                event_id: i64,
            ) -> Result<Vec<hackboard_app::server::StoredOutcome>, StoreError> {
                super::writeups::list_outcomes(&self.pool, event_id).await
            }

            async fn find_outcome(
                &self,
                topic_id: i64,
            ) -> Result<Option<hackboard_app::server::StoredOutcome>, StoreError> {
                super::writeups::find_outcome(&self.pool, topic_id).await
            }

            async fn find_topic_origin(
                &self,
                topic_id: i64,
            ) -> Result<Option<hackboard_app::model::TopicOrigin>, StoreError> {
                super::writeups::find_topic_origin(&self.pool, topic_id).await
            }

            async fn find_writeup_window(
                &self,
                event_id: i64,
            ) -> Result<Option<chrono::NaiveDate>, StoreError> {
                super::writeups::find_writeup_window(&self.pool, event_id).await
            }

            async fn update_writeup_window(
                &self,
                event_id: i64,
                closes_on: Option<chrono::NaiveDate>,
            ) -> Result<(), StoreError> {
                super::writeups::update_writeup_window(&self.pool, event_id, closes_on).await
            }
        }
    };
}
pub(crate) use impl_writeups_store;
