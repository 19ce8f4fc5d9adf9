"""Settings, read from the environment (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("var") / "screening.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    # Requests above this size are refused before their body is parsed.
    max_body_bytes: int = 1_000_000
    max_batch_body_bytes: int = 16_000_000  # POST /v1/screenings/batch: up to 1,000 declarations
    # Requests inside the application at once per worker (also the database pool's size); more wait, and get
    # 503 + Retry-After after in_flight_wait_seconds. 0: no limit.
    max_in_flight: int = 32
    in_flight_wait_seconds: float = 30.0
    # Language of `message` when the client sends no Accept-Language header.
    default_language: str = "ru"
    log_level: str = "INFO"
    # Requests per minute per API key (0 = no limit), and the burst a key may spend at once.
    rate_limit_per_minute: int = 1200
    rate_limit_burst: int = 200
    # Redis (redis://host:6379/0): rate limits and login throttling shared by every worker and machine;
    # unset: each worker process counts on its own.
    redis_url: str | None = None
    # An API key found active is trusted for this many seconds without asking the database again: a key
    # revoked with the CLI or on another worker stops within this time (at once through this worker's admin
    # API). 0: look every key up on every request.
    key_cache_seconds: float = 5.0
    # Where jieba keeps its prefix-dictionary cache between starts.
    cache_dir: Path = Path("var") / "cache"
    # Where the lexicon and rules files are read from (default: the ones shipped in app/lexicon, app/rules).
    lexicon_dir: Path | None = None
    rules_dir: Path | None = None
    # Every worker looks this often at the data version the deployment has made active (one primary-key
    # read) and switches to a new one once loaded (app/deployment_data.py). 0: never (the start's data stays).
    data_check_seconds: float = Field(default=1.0, ge=0, le=3600)
    # A reload's data is in force this long after it, on every worker at once (each loads it meanwhile: make
    # it longer than loading takes). Without following (DATA_CHECK_SECONDS 0), at once.
    data_switch_seconds: float = Field(default=30.0, ge=0, le=3600)
    # Every worker looks this often for a rescreen job to work (app/rescreen.py); 0: this worker never takes
    # one. A job whose worker has been quiet for rescreen_stale_seconds is taken over where it stopped.
    rescreen_check_seconds: float = Field(default=2.0, ge=0, le=3600)
    rescreen_stale_seconds: float = Field(default=60.0, ge=5, le=86400)
    # Items screened before with the loaded data, remembered (least recently used out first): repeated goods
    # lines are answered without screening them again. 0: remember none.
    item_cache_size: int = Field(default=4096, ge=0, le=1_000_000)
    # Photos of declarations and labels (POST /v1/ocr, the officer's page): the largest upload, the most
    # pixels a photo may have (read from its header before it is decoded: a decompression bomb is refused),
    # the longer side it is scaled down to before it is read, how many may wait while one is read (more get
    # 503), and the threads the recogniser runs on (1 leaves the other cores to the screenings). While other
    # requests run, the reader is stopped for at most ocr_hold_seconds while photos wait (app/ocr/pause.py;
    # 0: never stopped, it only runs at idle priority).
    ocr_max_bytes: int = Field(default=10_000_000, ge=1000)
    ocr_max_pixels: int = Field(default=50_000_000, ge=10_000)
    ocr_max_side: int = Field(default=2000, ge=200, le=8000)
    ocr_queue: int = Field(default=4, ge=0, le=1000)
    ocr_wait_seconds: float = Field(default=30, gt=0, le=600)
    ocr_threads: int = Field(default=1, ge=1, le=64)
    ocr_hold_seconds: float = Field(default=10, ge=0, le=600)
    # Where photos read (API and pages) are kept, each named by its SHA-256; unset: photos are not kept (they
    # may show people and plates).
    photo_dir: Path | None = None
    # Signs the web pages' session and CSRF cookies. Unset: a random key kept in secret_key_file. Workers and
    # machines that serve one site must share it.
    secret_key: str | None = None
    secret_key_file: Path = Path("var") / "secret_key"
    # A web login lasts this long; cookies get the Secure flag when the request came over HTTPS (or always
    # with cookie_secure=true, behind a proxy that terminates TLS without forwarding the scheme).
    session_hours: float = 12.0
    cookie_secure: bool = False
    # Failed web logins: after login_max_failures in a row an account waits login_lock_seconds, doubling with
    # each further failure (capped at 15 minutes); one address may try login_per_minute times a minute.
    login_max_failures: int = 5
    login_lock_seconds: int = 60
    login_per_minute: int = 20
    # Raw request bodies (consignor, consignee, the declaration as sent) are removed this many days after
    # screening; results, reasons and statistics stay. 0 keeps them for ever. The service checks every
    # retention_check_minutes (0: only `python -m app purge-bodies`, e.g. from cron).
    body_retention_days: int = 365
    retention_check_minutes: int = 60
    # With a token set, GET /metrics wants `Authorization: Bearer <token>`; unset, it is open (keep it off
    # the public network: it shows counts, never declarations).
    metrics_token: str | None = None
    # Further precursor lists in force (app/lexicon/lists/*.yaml): "all", "none" or ids separated by commas
    # (cn_precursors,ru_list_iv,regional_seizures); and severities instead of the lists' defaults, as
    # "regional_seizures=high,ru_list_iv=medium". Both are part of the lexicon version a screening records.
    precursor_lists: str = "all"
    # The deployment's time zone (IANA name: Asia/Almaty, Asia/Bishkek, Asia/Dushanbe): the pages show times
    # in it, with the zone; the API and the database keep UTC. An unknown name stops start-up.
    time_zone: str = "UTC"
    # Split shipments (docs/register.md): the days over which one party's declarations of a Table I substance,
    # each below the commercial quantity, are added up.
    split_window_days: int = Field(default=30, ge=1, le=3660)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(
                f"TIME_ZONE: unknown time zone {value!r} (an IANA name, e.g. Asia/Almaty)"
            ) from e
        return value

    precursor_list_severity: str = ""


@lru_cache
def get_settings() -> Settings:
    return Settings()
