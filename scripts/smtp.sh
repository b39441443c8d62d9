# Sourced by test.sh: starts a mail server for the tests (end2end/smtp-sink.mjs, on npm's
# smtp-server) on a free port, exports HACKBOARD_TEST_SMTP_URL and HACKBOARD_TEST_SMTP_DIR
# (where each message it receives lands as an .eml file), and stops it with stop_smtp.

smtp_dir=$(mktemp -d /tmp/hackboard-smtp.XXXXXX)
smtp_port=$((20000 + RANDOM % 30000))
while (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; do smtp_port=$((smtp_port + 1)); done

stop_smtp() {
  [ -n "${smtp_pid:-}" ] && kill "$smtp_pid" 2>/dev/null || true
  rm -rf "$smtp_dir"
}

node "$(dirname "${BASH_SOURCE[0]}")/../end2end/smtp-sink.mjs" "$smtp_port" "$smtp_dir/mail" \
  >"$smtp_dir/log" 2>&1 &
smtp_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break
  kill -0 "$smtp_pid" 2>/dev/null || { cat "$smtp_dir/log" >&2; echo "the test mail server did not start" >&2; exit 1; }
  sleep 0.1
done
export HACKBOARD_TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export HACKBOARD_TEST_SMTP_DIR="$smtp_dir/mail"
