/** The model's tokenizer (tokenizer.json + tokenizer_config.json) through @huggingface/tokenizers. */
import * as tokenizers from "@huggingface/tokenizers";

/**
 * The part of the library's Tokenizer we use. Its published .d.ts files import without file
 * extensions, which NodeNext resolution cannot follow, so the type is declared here once.
 */
interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}
const TokenizerClass = (tokenizers as unknown as { Tokenizer: new (json: object, config: object) => HfTokenizer }).Tokenizer;

export class T5Tokenizer {
  private readonly tokenizer: HfTokenizer;

  constructor(
    tokenizerJson: object,
    tokenizerConfig: object,
    /** Longest input in tokens; longer inputs keep their start (the task prefix) and end. */
    readonly maxInputTokens = 256,
  ) {
    this.tokenizer = new TokenizerClass(tokenizerJson, tokenizerConfig);
  }

  /** Token ids of `text` followed by end-of-sequence, truncated to maxInputTokens. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: true }).ids;
    if (ids.length <= this.maxInputTokens) return ids;
    const head = Math.floor(this.maxInputTokens / 2);
    return [...ids.slice(0, head), ...ids.slice(ids.length - (this.maxInputTokens - head))];
  }

  /** Token ids of a target string without end-of-sequence (for label scoring). */
  encodeTarget(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: number[]): string {
    // The tokenizer library rejects an empty id list; an empty generation is an empty string.
    if (ids.length === 0) return "";
    return this.tokenizer.decode(ids, { skip_special_tokens: true }).trim();
  }
}
