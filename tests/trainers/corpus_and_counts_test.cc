// The streaming corpus reader, parallel word counting, the memory bound and the output writers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/testing/test_data.h"
#include "tokenizers/base/atomic_file.h"
#include "tokenizers/serialization/gpt2_files.h"
#include "tokenizers/serialization/tiktoken_file.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"
#include "tokenizers/serialization/vocab_writers.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/training_setups.h"
#include "tokenizers/trainers/word_counter.h"

namespace tokenmill {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("tokenmill-train-test-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::vector<std::string> ReadAllLines(CorpusReader& reader, std::vector<uint64_t>* first_lines) {
  std::vector<std::string> lines;
  LineBatch batch;
  while (true) {
    auto more = reader.Next(batch);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    if (first_lines) first_lines->push_back(batch.first_line);
    for (size_t i = 0; i < batch.size(); ++i) lines.emplace_back(batch.line(i));
  }
  return lines;
}

TEST(CorpusReader, WholeLinesWithTheirEndingsAcrossSmallBatches) {
  TempDir dir;
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    std::string line = std::string(i % 37, 'x') + std::to_string(i) + (i % 5 ? "\n" : "\r\n");
    expected.push_back(line);
    text += line;
  }
  text += "last line without newline";
  expected.push_back("last line without newline");
  const std::string a = dir.Write("a.txt", text);
  const std::string b = dir.Write("b.txt", "second file\n" + std::string(300, 'L') + "\n");
  expected.push_back("second file\n");
  expected.push_back(std::string(300, 'L') + "\n");  // longer than a batch: comes whole
  auto reader = CorpusReader::Open({a, b}, /*batch_bytes=*/64);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<uint64_t> first_lines;
  EXPECT_EQ(ReadAllLines(**reader, &first_lines), expected);
  EXPECT_EQ((*reader)->total_bytes(), text.size() + 12 + 301);
  EXPECT_EQ(first_lines.front(), 1u);
  EXPECT_GT(first_lines.size(), 10u);
}

TEST(CorpusReader, GlobsExpandSortedAndMissingInputsAreNamed) {
  TempDir dir;
  dir.Write("p2.txt", "two\n");
  dir.Write("p1.txt", "one\n");
  dir.Write("other.md", "no\n");
  auto paths = ExpandInputs({dir.Path("p*.txt")});
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_EQ(*paths, (std::vector<std::string>{dir.Path("p1.txt"), dir.Path("p2.txt")}));
  auto none = ExpandInputs({dir.Path("*.nothing")});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no file matches"), std::string::npos);
  auto missing = CorpusReader::Open({dir.Path("p1.txt"), dir.Path("gone.txt")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("gone.txt"), std::string::npos);
  auto directory = CorpusReader::Open({dir.path().string()});
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);
  if (geteuid() != 0) {  // root reads anything
    const std::string locked = dir.Write("locked.txt", "x\n");
    fs::permissions(locked, fs::perms::none);
    auto unreadable = CorpusReader::Open({locked});
    ASSERT_FALSE(unreadable.ok());
    EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kPermissionDenied);
  }
}

std::map<std::string, uint64_t> AsMap(const WordCounts& counts) {
  std::map<std::string, uint64_t> out;
  for (const WordCount& wc : counts.Entries()) out[std::string(wc.word)] = wc.count;
  return out;
}

TEST(WordCounter, SameCountsOnAnyNumberOfThreads) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "w" + std::to_string(i % 97) + " x" + std::to_string(i % 13) + " naïve, text!\n";
  const std::string path = dir.Write("c.txt", text);
  auto base = DefaultTrainingTokenizer("bpe");
  ASSERT_TRUE(base.ok());
  std::map<std::string, uint64_t> first;
  for (size_t threads : {1, 2, 5}) {
    WordCounts counts;
    ASSERT_TRUE(CountWordsInFiles({path}, **base, counts, threads, Progress::Silent()).ok());
    if (first.empty()) {
      first = AsMap(counts);
      EXPECT_EQ(first["naïve"], 5000u);
      EXPECT_EQ(first[","], 5000u);
      EXPECT_EQ(first["w0"], 52u);
    } else {
      EXPECT_EQ(AsMap(counts), first) << threads << " threads";
    }
  }
}

TEST(WordCounter, InvalidUtf8NamesTheFirstBadLineWhateverTheThreads) {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 20000; ++i) {
    text += (i == 15000 || i == 17000) ? "bad \xC3\x28 byte\n" : "good line of text\n";
  }
  const std::string path = dir.Write("bad.txt", text);
  auto base = DefaultTrainingTokenizer("bpe");
  ASSERT_TRUE(base.ok());
  for (size_t threads : {1, 4}) {
    WordCounts counts;
    absl::Status s = CountWordsInFiles({path}, **base, counts, threads, Progress::Silent());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("bad.txt: line 15000: "), std::string::npos) << s;
    EXPECT_NE(s.message().find("UTF-8"), std::string::npos) << s;
  }
}

TEST(WordCounts, MemoryBoundDropsRareWordsAndSaysSo) {
  WordCounts counts(/*max_bytes=*/256 << 10);
  LocalWordCounts local;
  for (int batch = 0; batch < 40; ++batch) {
    for (int i = 0; i < 2000; ++i) local.Add("rare-" + std::to_string(batch * 2000 + i));
    for (int i = 0; i < 100; ++i) local.Add("common", 1);
    counts.Merge(local);
    local.Clear();
  }
  EXPECT_LE(counts.MemoryBytes(), size_t{256} << 10);
  EXPECT_GT(counts.pruned_words(), 40000u);
  EXPECT_EQ(counts.prune_threshold(), 1u);
  EXPECT_EQ(AsMap(counts)["common"], 4000u);  // never dropped: exact
}

TEST(WordCounts, UnboundedKeepsEverything) {
  WordCounts counts;
  LocalWordCounts local;
  for (int i = 0; i < 100000; ++i) local.Add("w" + std::to_string(i));
  local.Add(std::string(100000, 'L'));  // a word bigger than an arena chunk
  counts.Merge(local);
  EXPECT_EQ(counts.size(), 100001u);
  EXPECT_EQ(counts.pruned_words(), 0u);
  EXPECT_EQ(AsMap(counts)[std::string(100000, 'L')], 1u);
}

TEST(WordCounts, DrainGivesEveryEntryOnceAndEmptiesTheTable) {
  WordCounts counts;
  LocalWordCounts local;
  for (int i = 0; i < 50000; ++i) local.Add("w" + std::to_string(i % 20000));
  local.Add(std::string(100000, 'L'));
  counts.Merge(local);
  const std::map<std::string, uint64_t> want = AsMap(counts);
  std::map<std::string, uint64_t> got;
  counts.Drain([&](std::string_view word, uint64_t count, WordFlags flags) {
    EXPECT_TRUE(got.emplace(std::string(word), count).second) << word;
    EXPECT_EQ(flags, 0) << word;
  });
  EXPECT_EQ(got, want);
  EXPECT_EQ(got["w7"], 3u);
  EXPECT_EQ(counts.size(), 0u);
  EXPECT_TRUE(counts.Entries().empty());
}

TEST(WordCounts, FlagsAreOredAcrossBatchesAndLeaveCountsAndPruningAlone) {
  WordCounts counts(/*max_bytes=*/256 << 10);
  for (int batch = 0; batch < 4; ++batch) {
    LocalWordCounts local;
    // "both": flag 1 in batch 0, flag 2 in batch 3; "one" always flag 1; "none" never.
    local.Add("both", 3, batch == 0 ? 1 : batch == 3 ? 2 : 0);
    local.Add("one", 2, 1);
    local.Add("one", 1, 1);
    local.Add("none", 5);
    // Rare words pushing the table past its bound: pruning compares counts, not flags.
    for (int i = 0; i < 4000; ++i) local.Add("rare" + std::to_string(batch * 4000 + i), 1, 3);
    counts.Merge(local);
  }
  EXPECT_GT(counts.pruned_words(), 0u);
  EXPECT_EQ(counts.prune_threshold(), 1u);  // flags in the top bits would make it huge
  std::map<std::string, std::pair<uint64_t, WordFlags>> got;
  counts.Drain([&](std::string_view word, uint64_t count, WordFlags flags) {
    if (word.substr(0, 4) != "rare") got[std::string(word)] = {count, flags};
  });
  const std::map<std::string, std::pair<uint64_t, WordFlags>> want = {
      {"both", {12, 3}}, {"one", {12, 1}}, {"none", {20, 0}}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(SumCounts(WithFlags(5, 2), WithFlags(7, 1)), WithFlags(12, 3));
  EXPECT_EQ(CountOf(WithFlags(kWordCountMask, 3)), kWordCountMask);
}

TEST(TrainTokenizer, EmptyCorpusIsAnError) {
  TempDir dir;
  auto base = DefaultTrainingTokenizer("bpe");
  ASSERT_TRUE(base.ok());
  auto trainer = MakeTrainer("bpe", DefaultTrainerOptions("bpe", nullptr));
  for (const std::string& content : {std::string(), std::string("   \n\n \t\n")}) {
    const std::string path = dir.Write("empty.txt", content);
    auto result = TrainTokenizer(**base, *trainer, {path}, {}, Progress::Silent());
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.status().message().find("corpus is empty"), std::string::npos);
  }
}

TEST(AtomicFile, WritesWholeFilesAndLeavesNothingOnFailure) {
  TempDir dir;
  const std::string path = dir.Path("out.json");
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(*ReadFile(path), "second");
  absl::Status s = WriteFileAtomically(dir.Path("no/such/dir/out.json"), "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no/such/dir/out.json"), std::string::npos);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);  // no temporary left behind
}

// A small byte-level BPE and WordPiece trained here, written in every format and read back.
class TrainedOutputs : public ::testing::Test {
 protected:
  std::unique_ptr<Tokenizer> Train(const std::string& kind, size_t vocab_size) {
    std::string text;
    for (int i = 0; i < 300; ++i) {
      text += "The tokenizer learns merges " + std::to_string(i % 17) +
              " from naïve text, 東京 and emoji 😀 lines.\n";
    }
    const std::string path = dir_.Write("corpus.txt", text);
    auto base = DefaultTrainingTokenizer(kind);
    EXPECT_TRUE(base.ok());
    BpeTrainerOptions options = DefaultTrainerOptions(kind, nullptr);
    options.vocab_size = vocab_size;
    auto trainer = MakeTrainer(kind, options);
    auto result = TrainTokenizer(**base, *trainer, {path}, {}, Progress::Silent());
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : nullptr;
  }
  TempDir dir_;
};

TEST_F(TrainedOutputs, Gpt2FilesReloadAsTheSameModel) {
  auto tokenizer = Train("byte-bpe", 320);
  ASSERT_NE(tokenizer, nullptr);
  const auto& bpe = dynamic_cast<const Bpe&>(*tokenizer->parts().model);
  ASSERT_TRUE(SaveGpt2Files(bpe, dir_.Path("vocab.json"), dir_.Path("merges.txt")).ok());
  auto reloaded = LoadGpt2Bpe(dir_.Path("vocab.json"), dir_.Path("merges.txt"));
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ((*reloaded)->GetVocab(), bpe.GetVocab());
  EXPECT_EQ((*reloaded)->merges().PairsByRank(), bpe.merges().PairsByRank());
  EXPECT_EQ(bpe.VocabSize(), 320u);
}

TEST_F(TrainedOutputs, TokenizerJsonReloadsAndEncodesTheSame) {
  for (const std::string kind : {"bpe", "byte-bpe", "wordpiece"}) {
    auto tokenizer = Train(kind, kind == "byte-bpe" ? 300 : 200);
    ASSERT_NE(tokenizer, nullptr);
    const std::string path = dir_.Path(kind + ".json");
    ASSERT_TRUE(WriteFileAtomically(path, ToTokenizerJson(*tokenizer)).ok());
    auto reloaded = LoadTokenizerJson(path);
    ASSERT_TRUE(reloaded.ok()) << reloaded.status();
    const std::string text = "The naïve tokenizer learns 東京 merges 😀!";
    auto a = tokenizer->Encode(text);
    auto b = (*reloaded)->Encode(text);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->ids, b->ids) << kind;
    EXPECT_EQ(ToTokenizerJson(**reloaded), ToTokenizerJson(*tokenizer)) << kind;
  }
}

TEST_F(TrainedOutputs, VocabTxtAndTiktokenFiles) {
  auto wordpiece = Train("wordpiece", 150);
  ASSERT_NE(wordpiece, nullptr);
  auto txt = VocabTxt(*wordpiece->parts().model);
  ASSERT_TRUE(txt.ok()) << txt.status();
  auto vocab = ParseVocabTxt(*txt, "vocab.txt");
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  EXPECT_EQ(vocab->Entries(), wordpiece->parts().model->GetVocab());
  EXPECT_EQ(*vocab->Token(1), "[UNK]");
  EXPECT_FALSE(TiktokenRanksText(*wordpiece).ok());  // not byte-level

  auto bytes = Train("byte-bpe", 300);
  ASSERT_NE(bytes, nullptr);
  auto ranks_text = TiktokenRanksText(*bytes);
  ASSERT_TRUE(ranks_text.ok()) << ranks_text.status();
  auto ranks = ParseTiktokenRanks(*ranks_text, "trained.tiktoken");
  ASSERT_TRUE(ranks.ok()) << ranks.status();
  EXPECT_EQ(ranks->size(), 300u);
  EXPECT_EQ(ranks->rank(0), 0u);
  EXPECT_EQ(ranks->token(0), "!");  // ids follow the byte-level alphabet's order
  EXPECT_TRUE(FindDuplicateToken(*ranks, "trained.tiktoken").ok());
}

}  // namespace
}  // namespace tokenmill

namespace tokenmill {
namespace {

TEST(AtomicFile, FollowsSymlinksAndWritesNonRegularFilesInPlace) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tokenmill-atomic-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path target = dir / "target.json";
  const fs::path link = dir / "link.json";
  std::ofstream(target) << "old";
  fs::create_symlink(target, link);
  ASSERT_TRUE(WriteFileAtomically(link.string(), "new").ok());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(*ReadFile(target.string()), "new");
  // A FIFO (like /dev/null or /dev/stdout) is written into, not replaced by a file.
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = *ReadFile(fifo.string()); });
  ASSERT_TRUE(WriteFileAtomically(fifo.string(), "through the pipe").ok());
  reader.join();
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_FALSE(WriteFileAtomically(dir.string(), "x").ok());  // a directory
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tokenmill
