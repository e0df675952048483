"""Parses config.pbtxt files with Triton's schema (model_config.proto compiled by protoc) and prints each
as the hex of its binary encoding, one JSON list: Python's text_format is the independent reader.

usage: parse-pbtxt.py <dir with model_config_pb2.py> <config.pbtxt>...
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
from google.protobuf import text_format  # noqa: E402
import model_config_pb2  # noqa: E402

out = []
for name in sys.argv[2:]:
    with open(name, encoding="utf-8") as f:
        config = text_format.Parse(f.read(), model_config_pb2.ModelConfig())
    out.append(config.SerializeToString(deterministic=True).hex())
print(json.dumps(out))
