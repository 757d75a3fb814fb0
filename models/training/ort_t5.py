"""Greedy decoding of an exported T5 (Transformers.js layout) with onnxruntime and a KV cache.

encoder_model*.onnx: input_ids, attention_mask -> last_hidden_state
decoder_model_merged*.onnx: input_ids, encoder_attention_mask, encoder_hidden_states,
  past_key_values.{i}.{decoder,encoder}.{key,value}, use_cache_branch -> logits, present.*
"""
import os

import numpy as np
import onnxruntime as ort

# The generative tasks (the closed-set ones moved to the NLU encoder) and max_new_tokens per task, as the runtime uses them (also written to artifacts/<name>/tasks.json)
TASKS = {
    "slot_filler": {"prefix": "ask question: ", "max_new_tokens": 24},
    "context": {"prefix": "translate context: ", "max_new_tokens": 48},
    "response": {"prefix": "generate response: ", "max_new_tokens": 96},
}
PAD, EOS, START = 0, 1, 0


class OrtT5:
    def __init__(self, onnx_dir, quantized=False, threads=2, encoder=True):
        suf = "_quantized" if quantized else ""
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # encoder=False: a decoder on another model's states (models/context reads the NLU encoder's).
        self.enc = ort.InferenceSession(os.path.join(onnx_dir, f"encoder_model{suf}.onnx"), so,
                                        providers=["CPUExecutionProvider"]) if encoder else None
        self.dec = ort.InferenceSession(os.path.join(onnx_dir, f"decoder_model_merged{suf}.onnx"), so,
                                        providers=["CPUExecutionProvider"])
        self.dec_inputs = {i.name: i for i in self.dec.get_inputs()}
        self.dec_outputs = [o.name for o in self.dec.get_outputs()]
        self.past_names = [n for n in self.dec_inputs if n.startswith("past_key_values.")]
        self.n_layers = len([n for n in self.past_names if n.endswith(".decoder.key")])
        shp = self.dec_inputs[self.past_names[0]].shape
        self.n_heads = shp[1] if isinstance(shp[1], int) else None
        self.d_kv = shp[3] if isinstance(shp[3], int) else None

    def generate(self, ids_list, max_new_tokens):
        """ids_list: list of token id lists (with eos). Returns list of generated id lists (without the
        start token, including the final eos when produced)."""
        b = len(ids_list)
        L = max(len(x) for x in ids_list)
        ids = np.zeros((b, L), dtype=np.int64)
        for i, x in enumerate(ids_list):
            ids[i, :len(x)] = x
        mask = (ids != PAD).astype(np.int64)
        hs = self.enc.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return self.decode(hs, mask, max_new_tokens)

    def decode(self, hs, mask, max_new_tokens):
        """Greedy decoding from encoder states hs [B, S, d] with mask [B, S] (same output as generate)."""
        b = hs.shape[0]
        cur = np.full((b, 1), START, dtype=np.int64)
        past = {}
        for n in self.past_names:
            past[n] = np.zeros((b, self.n_heads, 0, self.d_kv), dtype=np.float32)
        out = [[] for _ in range(b)]
        done = np.zeros(b, dtype=bool)
        use_cache = False
        for _ in range(max_new_tokens):
            feed = {"input_ids": cur, "encoder_attention_mask": mask, "encoder_hidden_states": hs}
            feed.update(past)
            if "use_cache_branch" in self.dec_inputs:
                feed["use_cache_branch"] = np.array([use_cache], dtype=bool)
            res = self.dec.run(None, feed)
            r = dict(zip(self.dec_outputs, res))
            logits = r["logits"][:, -1, :]
            nxt = logits.argmax(-1)
            nxt = np.where(done, PAD, nxt)
            for i in range(b):
                if not done[i]:
                    out[i].append(int(nxt[i]))
            done |= nxt == EOS
            if done.all():
                break
            new_past = {}
            for n in self.past_names:
                pn = n.replace("past_key_values.", "present.")
                if ".encoder." in n and use_cache:
                    new_past[n] = past[n]  # encoder cross-attention cache is fixed after the first step
                else:
                    new_past[n] = r[pn]
            past = new_past
            use_cache = True
            cur = nxt.reshape(b, 1).astype(np.int64)
        return out
