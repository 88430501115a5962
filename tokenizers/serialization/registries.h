// The registries of every component family tokenizer.json can name.
#pragma once

#include "tokenizers/decoders/decoder.h"
#include "tokenizers/models/model.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/pre_tokenizers/pre_tokenizer.h"
#include "tokenizers/processors/post_processor.h"
#include "tokenizers/serialization/component_registry.h"

namespace tokenmill {

const ComponentRegistry<Normalizer>& NormalizerRegistry();      // normalizers_json.cc
const ComponentRegistry<PreTokenizer>& PreTokenizerRegistry();  // pre_tokenizers_json.cc
const ComponentRegistry<Model>& ModelRegistry();                // models_json.cc
const ComponentRegistry<PostProcessor>& PostProcessorRegistry();  // processors_json.cc
const ComponentRegistry<Decoder>& DecoderRegistry();            // decoders_json.cc

}  // namespace tokenmill
