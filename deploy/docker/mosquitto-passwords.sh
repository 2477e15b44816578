#!/bin/sh
# One-shot before Mosquitto (docker-compose.yml, service mosquitto-passwords, in the eclipse-mosquitto image, as root):
# makes the broker's password file from the passwords in .env, so no secret is written in the Compose file or the
# image, and Mosquitto can refuse anonymous clients. Runs on every `docker compose up`: changing a password in .env
# and `docker compose up -d` then `docker compose restart mosquitto ingest` rotates it.
#   ingest   ingest's MQTT login (PDM_MQTT_USERNAME=ingest); its password also goes to INGEST_DIR/password for
#            PDM_MQTT_PASSWORD_FILE, readable only by the pdm image's user (10001)
#   device   devices and simulators publishing to the host's MQTT port; its password also goes to DEVICE_DIR/password
#            (when that directory exists) for the Compose replay service, readable only by the pdm image's user
#   health   the broker's own health check: a random password, regenerated on each run, in AUTH_DIR/health.password
# Plain "user:password" lines are hashed in place by mosquitto_passwd -U (no password on a command line).
set -eu

: "${MQTT_INGEST_PASSWORD:?set MQTT_INGEST_PASSWORD in .env}"
: "${MQTT_DEVICE_PASSWORD:?set MQTT_DEVICE_PASSWORD in .env}"
AUTH_DIR="${AUTH_DIR:-/mosquitto/auth}"
INGEST_DIR="${INGEST_DIR:-/run/pdm-mqtt}"
DEVICE_DIR="${DEVICE_DIR:-/run/pdm-mqtt-device}"
BROKER_USER="${BROKER_USER:-1883:1883}" # the image's mosquitto user
PDM_USER="${PDM_USER:-10001:10001}"     # the pdm image's user

for p in "$MQTT_INGEST_PASSWORD" "$MQTT_DEVICE_PASSWORD"; do
  case "$p" in
    *:* | *"
"*) echo "MQTT passwords must not contain ':' or a line break" >&2; exit 2 ;;
  esac
done

umask 077
health="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
new="$AUTH_DIR/passwd.new"
printf 'ingest:%s\ndevice:%s\nhealth:%s\n' "$MQTT_INGEST_PASSWORD" "$MQTT_DEVICE_PASSWORD" "$health" >"$new"
mosquitto_passwd -U "$new"
printf '%s' "$health" >"$AUTH_DIR/health.password.new"
printf '%s' "$MQTT_INGEST_PASSWORD" >"$INGEST_DIR/password.new"
chmod 0400 "$INGEST_DIR/password.new"
if [ -d "$DEVICE_DIR" ]; then
  printf '%s' "$MQTT_DEVICE_PASSWORD" >"$DEVICE_DIR/password.new"
  chmod 0400 "$DEVICE_DIR/password.new"
fi
if [ "$(id -u)" = 0 ]; then
  chown "$BROKER_USER" "$new" "$AUTH_DIR/health.password.new"
  chown "$PDM_USER" "$INGEST_DIR/password.new"
  if [ -d "$DEVICE_DIR" ]; then chown "$PDM_USER" "$DEVICE_DIR/password.new"; fi
fi
# Replace each file whole: a broker or ingest starting meanwhile reads the old or the new file, never half of one.
mv -f "$new" "$AUTH_DIR/passwd"
mv -f "$AUTH_DIR/health.password.new" "$AUTH_DIR/health.password"
mv -f "$INGEST_DIR/password.new" "$INGEST_DIR/password"
if [ -d "$DEVICE_DIR" ]; then mv -f "$DEVICE_DIR/password.new" "$DEVICE_DIR/password"; fi
echo "mosquitto password file written for users ingest, device, health"
