//! Mail delivery by SMTP, when `HACKBOARD_SMTP_URL` is set.
use crate::config::Smtp;
use anyhow::Context;
use async_trait::async_trait;
use hackboard_app::server::{Mail, MailSender};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    pub fn new(smtp: &Smtp) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp.url)
            .context(
                "HACKBOARD_SMTP_URL is not an SMTP URL such as smtps://user:password@smtp.example",
            )?
            .build();
        let from = smtp.from.parse().with_context(|| {
            format!(
                "HACKBOARD_MAIL_FROM {:?} is not an address such as Hackboard <hack@example.org>",
                smtp.from
            )
        })?;
        Ok(SmtpSender { transport, from })
    }
}

#[async_trait]
impl MailSender for SmtpSender {
    async fn send(&self, mail: &Mail) -> Result<(), String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
