//! Delegates accounts and password resets (`AccountStore`) to `db::accounts`.

macro_rules! impl_accounts_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::AccountStore for $store {
            async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError> {
                super::accounts::insert_user(&self.pool, user).await
            }

            async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError> {
                super::accounts::find_login(&self.pool, by).await
            }

            async fn update_profile(
                &self,
                user_id: i64,
                profile: &Profile,
            ) -> Result<(), StoreError> {
                super::accounts::update_profile(&self.pool, user_id, profile).await
            }

            async fn update_password_hash(
                &self,
                user_id: i64,
                hash: &str,
            ) -> Result<(), StoreError> {
                super::accounts::update_password_hash(&self.pool, user_id, hash).await
            }

            async fn insert_reset(&self, reset: &NewReset) -> Result<(), StoreError> {
                super::accounts::insert_reset(&self.pool, reset).await
            }

            async fn update_reset_used(
                &self,
                token_hash: &str,
                now: i64,
            ) -> Result<Option<i64>, StoreError> {
                super::accounts::update_reset_used(&self.pool, token_hash, now).await
            }
        }
    };
}
pub(crate) use impl_accounts_store;
