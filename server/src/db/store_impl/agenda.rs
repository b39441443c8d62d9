//! Delegates the agenda and stars (`AgendaStore`) to `db::agenda` and `db::stars`.

macro_rules! impl_agenda_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::AgendaStore for $store {
            async fn list_agenda(
                &self,
                event_id: i64,
            ) -> Result<hackboard_app::server::StoredAgenda, StoreError> {
                super::agenda::list_agenda(&self.pool, event_id).await
            }

            async fn update_agenda(
                &self,
                event_id: i64,
                base_version: i64,
                edit: &hackboard_app::server::AgendaEdit,
                announce: hackboard_app::server::AnnounceAgenda,
            ) -> Result<hackboard_app::server::AgendaChange, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::agenda::update_agenda(pool, notify, event_id, base_version, edit, announce)
                    .await
            }

            async fn update_star(
                &self,
                user_id: i64,
                event_id: i64,
                session_id: i64,
                on: bool,
                new_token: &str,
            ) -> Result<hackboard_app::server::Updated, StoreError> {
                super::stars::update_star(&self.pool, user_id, event_id, session_id, on, new_token)
                    .await
            }

            async fn list_stars(
                &self,
                user_id: i64,
                event_id: i64,
            ) -> Result<(Vec<i64>, Option<hackboard_app::server::AgendaPrefs>), StoreError> {
                super::stars::list_stars(&self.pool, user_id, event_id).await
            }

            async fn update_mail_on_move(
                &self,
                user_id: i64,
                on: bool,
                new_token: &str,
            ) -> Result<(), StoreError> {
                super::stars::update_mail_on_move(&self.pool, user_id, on, new_token).await
            }

            async fn find_feed_owner(&self, token: &str) -> Result<Option<i64>, StoreError> {
                super::stars::find_feed_owner(&self.pool, token).await
            }

            async fn list_star_mail(
                &self,
                session_ids: &[i64],
            ) -> Result<Vec<hackboard_app::server::StarMail>, StoreError> {
                super::stars::list_star_mail(&self.pool, session_ids).await
            }
        }
    };
}
pub(crate) use impl_agenda_store;
