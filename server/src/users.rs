//! `hackboard user create`: accounts made from the command line, the first admin among them.
use anyhow::{bail, Context};
use hackboard_app::error::AppError;
use hackboard_app::server::accounts::{create_account, AccountForm};
use hackboard_app::server::AppState;
use std::io::{BufRead, IsTerminal};

/// What `user create` was given on the command line; the password is never among it.
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub affiliation: String,
    pub admin: bool,
}

pub async fn create(state: &AppState, account: NewAccount) -> anyhow::Result<()> {
    let password = read_password()?;
    let form = AccountForm {
        email: account.email,
        display_name: account.name,
        affiliation: account.affiliation,
        password,
    };
    let user = create_account(state, form, account.admin)
        .await
        .map_err(|error| match error {
            AppError::Invalid { field, message } => {
                anyhow::anyhow!("{}: {message}", flag_for(&field))
            }
            other => anyhow::anyhow!("cannot create the account: {other}"),
        })?;
    let role = if user.is_admin {
        "admin"
    } else {
        "participant"
    };
    println!("Created {role} {} <{}>", user.display_name, user.email);
    Ok(())
}

/// Asks twice on a terminal (without echo); reads one line when piped, as scripts do.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (10 characters or more): ")
            .context("cannot read the password")?;
        let again =
            rpassword::prompt_password("Password again: ").context("cannot read the password")?;
        if first != again {
            bail!("the two passwords differ; nothing was created");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The command-line flag a form field corresponds to, for error messages.
fn flag_for(field: &str) -> &str {
    match field {
        "email" => "--email",
        "display_name" => "--name",
        "affiliation" => "--affiliation",
        "password" => "password",
        other => other,
    }
}
