//! Delegates topics, votes and search (`TopicStore`) to `db::topics`.

macro_rules! impl_topics_store {
    ($store:ty, search: $search:expr, claim_votes: $claim_votes:expr) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::TopicStore for $store {
            async fn insert_topic(
                &self,
                event_id: i64,
                proposer_id: i64,
                fields: &TopicFields,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<TopicCard, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::insert_topic(
                    pool,
                    notify,
                    event_id,
                    proposer_id,
                    fields,
                    now,
                    announce,
                )
                .await
            }

            async fn update_topic(
                &self,
                topic_id: i64,
                fields: &TopicFields,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<Option<TopicCard>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::update_topic(pool, notify, topic_id, fields, now, announce).await
            }

            async fn verify_topic(
                &self,
                topic_id: i64,
                by: Option<i64>,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<Option<TopicCard>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::verify_topic(pool, notify, topic_id, by, now, announce).await
            }

            async fn withdraw_topic(
                &self,
                topic_id: i64,
                now: i64,
                live: &[Outgoing],
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                super::topics::withdraw_topic(&self.pool, &self.notify, topic_id, now, live).await
            }

            async fn find_topic(&self, topic_id: i64) -> Result<Option<StoredTopic>, StoreError> {
                super::topics::find_topic(&self.pool, topic_id).await
            }

            async fn list_topics(&self, event_id: i64) -> Result<Vec<TopicCard>, StoreError> {
                super::topics::list_topics(&self.pool, event_id).await
            }

            async fn update_vote(
                &self,
                event_id: i64,
                topic_id: i64,
                user_id: i64,
                on: bool,
                now: i64,
            ) -> Result<Option<u32>, StoreError> {
                let votes = &self.votes;
                super::votes::update_vote(&self.pool, votes, event_id, topic_id, user_id, on, now)
                    .await
            }

            async fn publish_votes(
                &self,
                event_id: i64,
                announce: hackboard_app::server::AnnounceVotes,
            ) -> Result<usize, StoreError> {
                let notify = &self.notify;
                super::votes::publish_votes(&self.pool, notify, $claim_votes, event_id, announce)
                    .await
            }

            async fn list_unpublished_votes(&self) -> Result<Vec<i64>, StoreError> {
                super::votes::list_unpublished_votes(&self.pool).await
            }

            async fn list_votes(
                &self,
                event_id: i64,
                user_id: i64,
            ) -> Result<Vec<i64>, StoreError> {
                super::votes::list_votes(&self.pool, event_id, user_id).await
            }

            async fn search_topics(
                &self,
                event_id: i64,
                terms: &[String],
            ) -> Result<Vec<i64>, StoreError> {
                let (statement, query) = $search(terms);
                super::topics::search_topics(&self.pool, statement, event_id, &query).await
            }
        }
    };
}
pub(crate) use impl_topics_store;
