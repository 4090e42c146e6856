"""The optional chat model: any OpenAI-compatible server (vLLM, llama.cpp, Ollama, DeepSeek, Qwen)."""

from __future__ import annotations

from assistant.settings import Settings
from meetings_errors import ConfigError


def get_chat_model(settings: Settings):
    """A langchain-core chat model, or None when no LLM is configured.

    Without one the assistant answers extractively, quoting sentences.

    Raises:
        ConfigError: an LLM is configured but langchain-openai is missing.
    """
    if not settings.llm_base_url:
        return None
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as e:
        raise ConfigError(
            "MEETINGS_LLM_BASE_URL is set but langchain-openai is not installed: "
            "pip install 'meetings-assistant[llm]'"
        ) from e
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout,
        temperature=0,
        max_retries=settings.llm_retries,
        # llama.cpp's server ignores max_completion_tokens, which ChatOpenAI sends.
        extra_body={"max_tokens": settings.llm_max_tokens},
    )
