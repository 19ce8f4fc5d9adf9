"""Settings, read from the environment (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("var") / "screening.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    # Requests above this size are refused before their body is parsed.
    max_body_bytes: int = 1_000_000
    # Language of `message` when the client sends no Accept-Language header.
    default_language: str = "ru"
    log_level: str = "INFO"
    # Requests per minute per API key (0 = no limit), and the burst a key may spend at once.
    rate_limit_per_minute: int = 1200
    rate_limit_burst: int = 200
    # Where jieba keeps its prefix-dictionary cache between starts.
    cache_dir: Path = Path("var") / "cache"


@lru_cache
def get_settings() -> Settings:
    return Settings()
