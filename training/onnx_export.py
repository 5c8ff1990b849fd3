"""Export a BERT-style torch module to int8 ONNX: the one recipe of the shipped models.

Both shipped ONNX models (the check-worthiness transformer of `training.transformer` and the
claim encoder of `training.claim_encoder`) are written the same way: a torch export with a
dynamic batch and sequence length, onnxruntime's BERT fusion (attention, layer norm and GELU
as fused kernels) and dynamic int8 quantisation of the weights.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import torch

OPSET = 17
FLOAT = 1  # onnx.TensorProto.FLOAT


def export_int8(
    module: torch.nn.Module,
    sample: dict,
    config,
    out: Path,
    output_name: str,
    *,
    per_channel: bool = False,
) -> None:
    """Write `module(input_ids, attention_mask)` to the int8 ONNX file `out`.

    `sample` is a tokenizer batch (input_ids, attention_mask) that traces the graph; `config`
    the encoder's config (its heads and width drive the fusion); `output_name` names the one
    output. `per_channel` gives each output channel of a weight its own scale.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415
    from onnxruntime.transformers.optimizer import optimize_model  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        full, fused = Path(tmp) / "fp32.onnx", Path(tmp) / "fused.onnx"
        torch.onnx.export(
            module,
            (sample["input_ids"], sample["attention_mask"]),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=[output_name],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
            },
            opset_version=OPSET,
            dynamo=False,
        )
        optimize_model(
            str(full), "bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size
        ).save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused),
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=per_channel,
            extra_options={"DefaultTensorType": FLOAT},  # fused ops have no inferred type
        )
