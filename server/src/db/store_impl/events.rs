//! Delegates events, their organisers and the live log (`EventStore`) to `db::events`.

macro_rules! impl_events_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::EventStore for $store {
            async fn ping(&self) -> Result<(), StoreError> {
                super::events::ping(&self.pool).await
            }

            async fn list_events(&self) -> Result<Vec<EventCard>, StoreError> {
                super::events::list_events(&self.pool).await
            }

            async fn find_event(&self, slug: &str) -> Result<Option<StoredEvent>, StoreError> {
                super::events::find_event(&self.pool, slug).await
            }

            async fn count_events(&self) -> Result<u64, StoreError> {
                super::events::count_events(&self.pool).await
            }

            async fn insert_event(&self, event: &EventDetails) -> Result<Option<i64>, StoreError> {
                super::events::insert_event(&self.pool, event).await
            }

            async fn update_event(
                &self,
                id: i64,
                revision: i64,
                event: &EventDetails,
                live: &[Outgoing],
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                super::events::update_event(&self.pool, id, revision, event, live, &self.notify)
                    .await
            }

            async fn list_live(
                &self,
                event_id: i64,
                after: i64,
                limit: u32,
            ) -> Result<Vec<StoredLive>, StoreError> {
                super::live_log::list_live(&self.pool, event_id, after, limit).await
            }

            async fn is_organiser(&self, event_id: i64, user_id: i64) -> Result<bool, StoreError> {
                super::events::is_organiser(&self.pool, event_id, user_id).await
            }

            async fn list_organisers(&self, event_id: i64) -> Result<Vec<User>, StoreError> {
                super::events::list_organisers(&self.pool, event_id).await
            }

            async fn insert_organiser(
                &self,
                event_id: i64,
                user_id: i64,
            ) -> Result<(), StoreError> {
                super::events::insert_organiser(&self.pool, event_id, user_id).await
            }

            async fn delete_organiser(
                &self,
                event_id: i64,
                user_id: i64,
            ) -> Result<(), StoreError> {
                super::events::delete_organiser(&self.pool, event_id, user_id).await
            }
        }
    };
}
pub(crate) use impl_events_store;
