/**
 * The model's tokenizer (tokenizer.json + tokenizer_config.json) through @huggingface/transformers'
 * PreTrainedTokenizer, built from the files the artifact manifest already checked (no hub, no
 * download). Measured against @huggingface/tokenizers, the library it wraps: the same ids on the
 * 117 golden inputs and the same decoded text, encode 38.5 vs 41.7 µs per prompt (README, "Models").
 */
import { PreTrainedTokenizer } from "@huggingface/transformers";

export class T5Tokenizer {
  private readonly tokenizer: PreTrainedTokenizer;

  constructor(
    tokenizerJson: object,
    tokenizerConfig: object,
    /** Longest input in tokens; longer inputs keep their start (the task prefix) and end. */
    readonly maxInputTokens = 256,
  ) {
    this.tokenizer = new PreTrainedTokenizer(tokenizerJson, tokenizerConfig);
  }

  /** Token ids of `text` followed by end-of-sequence, truncated to maxInputTokens. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: true });
    if (ids.length <= this.maxInputTokens) return ids;
    const head = Math.floor(this.maxInputTokens / 2);
    return [...ids.slice(0, head), ...ids.slice(ids.length - (this.maxInputTokens - head))];
  }

  /** Token ids of a target string without end-of-sequence (for label scoring). */
  encodeTarget(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  decode(ids: number[]): string {
    // The tokenizer library rejects an empty id list; an empty generation is an empty string.
    if (ids.length === 0) return "";
    // No clean-up of spaces before punctuation: the text is exactly what the model wrote, as in Python.
    return this.tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }).trim();
  }
}
