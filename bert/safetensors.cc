#include "bert/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {
namespace {

using nlohmann::json;

// A header larger than this is not a model header (the format's own readers cap it at 100 MB).
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

struct DTypeEntry {
  const char* name;
  DType dtype;
  size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {"F64", DType::kF64, 8}, {"F32", DType::kF32, 4}, {"F16", DType::kF16, 2},
    {"BF16", DType::kBF16, 2}, {"I64", DType::kI64, 8}, {"I32", DType::kI32, 4},
    {"I16", DType::kI16, 2}, {"I8", DType::kI8, 1}, {"U8", DType::kU8, 1},
    {"BOOL", DType::kBool, 1}};

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // inf / nan
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal: normalise
    exponent = 113;
    while (!(mantissa & 0x400u)) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

}  // namespace

std::string_view DTypeName(DType dtype) {
  for (const auto& e : kDTypes) {
    if (e.dtype == dtype) return e.name;
  }
  return "?";
}

size_t DTypeSize(DType dtype) {
  for (const auto& e : kDTypes) {
    if (e.dtype == dtype) return e.size;
  }
  return 0;
}

size_t TensorInfo::num_elements() const {
  size_t n = 1;
  for (size_t d : shape) n *= d;
  return n;
}

absl::StatusOr<std::unique_ptr<SafetensorsFile>> SafetensorsFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrFormat("%s: cannot open file (%s)", path, std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrFormat("%s: not a regular file", path));
  }
  auto file = std::unique_ptr<SafetensorsFile>(new SafetensorsFile());
  file->path_ = path;
  file->size_ = static_cast<size_t>(st.st_size);
  if (file->size_ > 0) {
    void* m = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      ::close(fd);
      return absl::InternalError(absl::StrFormat("%s: mmap failed (%s)", path, std::strerror(errno)));
    }
    file->mapping_ = m;
  }
  ::close(fd);
  TM_RETURN_IF_ERROR(file->ParseHeader());
  return file;
}

SafetensorsFile::~SafetensorsFile() {
  if (mapping_ != nullptr) ::munmap(mapping_, size_);
}

const TensorInfo* SafetensorsFile::Find(const std::string& name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

absl::Status SafetensorsFile::ParseHeader() {
  auto error = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", path_, what));
  };
  const auto* bytes = static_cast<const uint8_t*>(mapping_);
  if (size_ < 8) return error(absl::StrFormat("truncated: %d bytes, no header length", size_));
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | bytes[i];
  if (header_len > kMaxHeaderBytes || header_len > size_ - 8) {
    return error(absl::StrFormat("truncated or corrupt: header length %d but the file has %d bytes",
                                 header_len, size_));
  }
  const std::string_view header_text(reinterpret_cast<const char*>(bytes + 8), header_len);
  json header = json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) return error("the header is not a JSON object");
  const uint8_t* data = bytes + 8 + header_len;
  const size_t data_size = size_ - 8 - header_len;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) return error("__metadata__ is not an object");
      for (const auto& [k, v] : entry.items()) {
        if (v.is_string()) metadata_[k] = v.get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string& what) { return error(absl::StrFormat("tensor \"%s\": %s", name, what)); };
    if (!entry.is_object()) return bad("entry is not an object");
    auto dtype_it = entry.find("dtype");
    auto shape_it = entry.find("shape");
    auto offsets_it = entry.find("data_offsets");
    if (dtype_it == entry.end() || !dtype_it->is_string()) return bad("missing \"dtype\"");
    if (shape_it == entry.end() || !shape_it->is_array()) return bad("missing \"shape\"");
    if (offsets_it == entry.end() || !offsets_it->is_array() || offsets_it->size() != 2) {
      return bad("missing \"data_offsets\" [begin, end]");
    }
    TensorInfo info;
    const std::string dtype_name = dtype_it->get<std::string>();
    const DTypeEntry* dt = nullptr;
    for (const auto& e : kDTypes) {
      if (dtype_name == e.name) dt = &e;
    }
    if (dt == nullptr) return bad(absl::StrFormat("unknown dtype \"%s\"", dtype_name));
    info.dtype = dt->dtype;
    // Element count with overflow checks (each dimension and the product stay below 2^48).
    uint64_t elements = 1;
    for (const auto& d : *shape_it) {
      if (!d.is_number_unsigned() || d.get<uint64_t>() > (uint64_t{1} << 40)) {
        return bad("shape has an invalid dimension");
      }
      elements *= d.get<uint64_t>();
      if (elements > (uint64_t{1} << 48)) return bad("shape is too large");
      info.shape.push_back(d.get<size_t>());
    }
    const auto& begin_j = (*offsets_it)[0];
    const auto& end_j = (*offsets_it)[1];
    if (!begin_j.is_number_unsigned() || !end_j.is_number_unsigned()) return bad("data_offsets are not integers");
    const uint64_t begin = begin_j.get<uint64_t>(), end = end_j.get<uint64_t>();
    if (begin > end) return bad("data_offsets begin > end");
    if (end > data_size) {
      return bad(absl::StrFormat("data [%d, %d) lies beyond the %d data bytes (truncated file?)",
                                 begin, end, data_size));
    }
    if (end - begin != elements * dt->size) {
      return bad(absl::StrFormat("%d bytes of data for shape [%s] of %s (%d bytes expected)",
                                 end - begin, absl::StrJoin(info.shape, ", "), dtype_name,
                                 elements * dt->size));
    }
    info.data = data + begin;
    info.num_bytes = end - begin;
    tensors_.emplace(name, std::move(info));
  }
  return absl::OkStatus();
}

std::vector<float> ToFloat32(const TensorInfo& t) {
  const size_t n = t.num_elements();
  std::vector<float> out(n);
  switch (t.dtype) {
    case DType::kF32:
      std::memcpy(out.data(), t.data, n * 4);  // little-endian host assumed (x86-64, arm64)
      break;
    case DType::kF16:
    case DType::kBF16:
      for (size_t i = 0; i < n; ++i) {
        const uint16_t h = static_cast<uint16_t>(t.data[2 * i] | (t.data[2 * i + 1] << 8));
        if (t.dtype == DType::kF16) {
          out[i] = HalfToFloat(h);
        } else {
          const uint32_t bits = uint32_t{h} << 16;
          std::memcpy(&out[i], &bits, 4);
        }
      }
      break;
    default:
      break;  // callers check the dtype first
  }
  return out;
}

}  // namespace tokenmill::bert
