#include "src/analyze/pipeline.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "src/text/language.h"

namespace parley {
namespace {

using Clock = std::chrono::steady_clock;

void AppendBase64(std::string_view bytes, std::string* out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out->push_back(kAlphabet[(v >> s) & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t v = uint8_t(bytes[i]) << 16;
  if (rest == 2) v |= uint8_t(bytes[i + 1]) << 8;
  out->push_back(kAlphabet[(v >> 18) & 63]);
  out->push_back(kAlphabet[(v >> 12) & 63]);
  out->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
  out->push_back('=');
}

// What one worker made of one batch.
struct BatchResult {
  ByteBuffer output;
  std::string rejects;
  // For a sink: the first `accepted` entries are this batch's records. The
  // vectors only grow, so their Posts' strings are reused batch after batch.
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t skipped = 0;
  uint64_t bytes = 0;
  RunSummary::Reject first_reject;  // the batch's first (line 0: none)

  // Empties the result but keeps its buffers' memory for the next batch.
  void Reset() {
    output.clear();
    rejects.clear();
    accepted = rejected = skipped = bytes = 0;
    first_reject.line = 0;
  }
  void Reject(const RecordBatch& batch, const RawRecord& rec, const std::string& reason,
              std::string_view raw) {
    AppendReject(batch.input, rec.line, reason, raw, &rejects);
    if (rejected++ == 0) first_reject = {batch.input, rec.line, reason};
  }
};

// Decodes, analyzes and formats the records of batches; one per thread,
// reusing its Post, Analysis and decoder scratch from record to record.
class BatchProcessor {
 public:
  BatchProcessor(const Analyzer& analyzer, const AnalyzeJob& job)
      : analyzer_(analyzer),
        output_(job.output),
        to_sink_(job.sink != nullptr),
        batch_bytes_(job.batch_bytes),
        languages_(job.languages) {}

  void Process(const RecordBatch& batch, BatchResult* result) {
    UseDecoderOf(batch);
    result->bytes += batch.bytes.size();
    if (to_sink_) return KeepRecords(batch, 0, batch.records.size(), result);
    // Room for a full batch's output, reserved at once (tweet-sized posts
    // come out about twice their CSV size) and the same for every batch:
    // grown by doubling, each step copied into fresh memory, a page fault
    // every 4 KiB (~20 us on the development VM), several hundred in the
    // first batch. Only the part written is touched.
    result->output.Reserve(4 * std::max(batch.bytes.size(), batch_bytes_) + 4096);
    for (const RawRecord& rec : batch.records) {
      std::string_view raw = batch.raw(rec);
      post_.Clear();
      reason_.clear();
      if (!DecodeRecord(batch, rec, scratch_.get(), &post_, &reason_)) {
        result->Reject(batch, rec, reason_, raw);
        continue;
      }
      analyzer_.Analyze(post_, &analysis_);
      if (!LanguageKept(languages_, analysis_.lang)) [[unlikely]] {
        ++result->skipped;
        continue;
      }
      AppendRecord(post_, analysis_, output_, &result->output);
      ++result->accepted;
    }
  }

  // A sink's records [from, to) of `batch` only, for a caller that hands
  // each part on before the next (WriteInParts). The batch's bytes are not
  // counted.
  void KeepPart(const RecordBatch& batch, size_t from, size_t to, BatchResult* result) {
    UseDecoderOf(batch);
    KeepRecords(batch, from, to, result);
  }

 private:
  void UseDecoderOf(const RecordBatch& batch) {
    if (batch.decoder.get() == decoder_) return;
    decoder_ = batch.decoder.get();
    scratch_ = decoder_->NewScratch();
  }

  // The sink's branch: the same decode and analysis, into the result's
  // vectors instead of formatted output.
  void KeepRecords(const RecordBatch& batch, size_t from, size_t to, BatchResult* result) {
    for (size_t r = from; r < to; ++r) {
      const RawRecord& rec = batch.records[r];
      std::string_view raw = batch.raw(rec);
      size_t i = result->accepted;
      if (i == result->posts.size()) {
        result->posts.emplace_back();
        result->analyses.emplace_back();
      }
      Post& post = result->posts[i];
      post.Clear();
      reason_.clear();
      if (!DecodeRecord(batch, rec, scratch_.get(), &post, &reason_)) {
        result->Reject(batch, rec, reason_, raw);
        continue;
      }
      analyzer_.Analyze(post, &result->analyses[i]);
      if (!LanguageKept(languages_, result->analyses[i].lang)) [[unlikely]] {
        ++result->skipped;  // (its slot is the next record's)
        continue;
      }
      ++result->accepted;
    }
  }

  const Analyzer& analyzer_;
  const OutputOptions& output_;
  const bool to_sink_;
  const size_t batch_bytes_;
  const std::vector<std::string>& languages_;
  const RecordDecoder* decoder_ = nullptr;
  std::unique_ptr<DecodeScratch> scratch_;
  Post post_;
  Analysis analysis_;
  std::string reason_;
};

// AnalyzeJob::on_guessed_columns, for a reader that guessed something.
void TellGuesses(const AnalyzeJob& job, const std::string& path, const RecordReader& reader) {
  if (!job.on_guessed_columns) return;
  if (reader.guessed_columns().empty() && reader.guessed_time_format().empty() &&
      reader.header_line() == 0) {
    return;
  }
  job.on_guessed_columns(path, reader.guessed_columns(), reader.guessed_time_format(),
                         reader.header_line());
}

// Yields the batches of every input in order, opening one reader at a time.
class BatchSource {
 public:
  BatchSource(Env* env, const AnalyzeJob& job) : env_(env), job_(job) {}

  // False when every input is exhausted.
  StatusOr<bool> Next(RecordBatch* batch) {
    while (next_input_ <= job_.inputs.size()) {
      if (!reader_) {
        if (next_input_ == job_.inputs.size()) return false;
        const std::string& path = job_.inputs[next_input_++];
        PARLEY_ASSIGN_OR_RETURN(reader_, OpenRecordReader(env_, path, job_.reader));
        // Standard input and pipes are opened only here (Preflight() told
        // the files').
        if (ReadOnlyOnce(env_, path)) TellGuesses(job_, path, *reader_);
      }
      PARLEY_ASSIGN_OR_RETURN(bool more, reader_->NextBatch(job_.batch_bytes, batch));
      if (more) return true;
      reader_.reset();
    }
    return false;
  }

 private:
  Env* env_;
  const AnalyzeJob& job_;
  size_t next_input_ = 0;
  std::unique_ptr<RecordReader> reader_;
};

// Writes results in order: output to the output file, rejects to a rejects
// file created at the first reject. Single-threaded.
class ResultWriter {
 public:
  ResultWriter(Env* env, const AnalyzeJob& job, WritableFile* out)
      : env_(env), job_(job), out_(out) {}

  Status Write(const BatchResult& r, RunSummary* summary) {
    if (!r.output.empty()) PARLEY_RETURN_IF_ERROR(out_->Append(r.output.view()));
    if (job_.sink && r.accepted) {
      PARLEY_RETURN_IF_ERROR(job_.sink->Write(std::span(r.posts.data(), r.accepted),
                                              std::span(r.analyses.data(), r.accepted)));
    }
    if (!r.rejects.empty()) {
      if (!rejects_) {
        PARLEY_ASSIGN_OR_RETURN(rejects_, env_->NewWritableFile(job_.rejects_path));
        summary->rejects_written = true;
      }
      PARLEY_RETURN_IF_ERROR(rejects_->Append(r.rejects));
    }
    if (summary->rejected == 0 && r.rejected > 0) summary->first_reject = r.first_reject;
    summary->accepted += r.accepted;
    summary->rejected += r.rejected;
    summary->skipped += r.skipped;
    summary->read += r.accepted + r.rejected + r.skipped;
    summary->bytes += r.bytes;
    return Status::OK();
  }

  Status Close() {
    if (rejects_) PARLEY_RETURN_IF_ERROR(rejects_->Close());
    return Status::OK();
  }

 private:
  Env* env_;
  const AnalyzeJob& job_;
  WritableFile* out_;
  std::unique_ptr<WritableFile> rejects_;
};

// Calls the progress callback at most every 250 ms.
class ProgressTicker {
 public:
  explicit ProgressTicker(const ProgressFn& fn) : fn_(fn), last_(Clock::now()) {}
  void Tick(const RunSummary& s) {
    if (!fn_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    fn_(s, false);
  }

 private:
  const ProgressFn& fn_;
  Clock::time_point last_;
};

// Records per part of a batch that one thread hands to a sink.
constexpr size_t kSinkPart = 128;

// On one thread a sink gets each batch in parts of kSinkPart records, each
// handed on right after it is analyzed: its Posts and Analyses (about 1 KB
// a tweet-sized post, with their strings) are still in the core's caches
// when the sink reads them, and the next part reuses the same memory. A
// whole 1 MiB batch of about 5,500 such posts was 6 MB or more, read back
// after it had left the caches and written again the batch after.
Status WriteInParts(const RecordBatch& batch, BatchProcessor* processor, BatchResult* result,
                    ResultWriter* writer, RunSummary* summary, ProgressTicker* ticker) {
  const size_t n = batch.records.size();
  size_t from = 0;
  do {
    const size_t to = std::min(n, from + kSinkPart);
    result->Reset();
    if (from == 0) result->bytes = batch.bytes.size();
    processor->KeepPart(batch, from, to, result);
    PARLEY_RETURN_IF_ERROR(writer->Write(*result, summary));
    ticker->Tick(*summary);
    from = to;
  } while (from < n);
  return Status::OK();
}

Status RunSingleThreaded(const Analyzer& analyzer, const AnalyzeJob& job, BatchSource* source,
                         ResultWriter* writer, RunSummary* summary, ProgressTicker* ticker) {
  BatchProcessor processor(analyzer, job);
  RecordBatch batch;
  BatchResult result;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool more, source->Next(&batch));
    if (!more) return Status::OK();
    if (job.sink) {
      PARLEY_RETURN_IF_ERROR(WriteInParts(batch, &processor, &result, writer, summary, ticker));
      continue;
    }
    result.Reset();
    processor.Process(batch, &result);
    PARLEY_RETURN_IF_ERROR(writer->Write(result, summary));
    ticker->Tick(*summary);
  }
}

// Reader thread -> worker threads -> this thread (ordered writer). At most
// `capacity` batches are read but not yet written, which bounds memory.
class ParallelRun {
 public:
  ParallelRun(const Analyzer& analyzer, const AnalyzeJob& job, BatchSource* source)
      : analyzer_(analyzer), job_(job), source_(source),
        capacity_(static_cast<size_t>(job.threads) * 2) {}

  Status Run(ResultWriter* writer, RunSummary* summary, ProgressTicker* ticker) {
    std::vector<std::thread> threads;
    Status status = Start(&threads);
    if (status.ok()) status = WriteLoop(writer, summary, ticker);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!status.ok()) aborted_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads) t.join();
    if (status.ok()) status = read_status_;
    return status;
  }

 private:
  struct Work {
    uint64_t seq;
    std::unique_ptr<RecordBatch> batch;
  };

  // Starts the reader and the workers. A thread the system refuses (its
  // limit on threads or memory) is an error for the caller, who stops and
  // joins those already started, not an exception that ends the process.
  Status Start(std::vector<std::thread>* threads) {
    try {
      threads->emplace_back([this] { ReadLoop(); });
      for (int i = 0; i < job_.threads; ++i) threads->emplace_back([this] { WorkLoop(); });
    } catch (const std::system_error& e) {
      return FailedPreconditionError(
          fmt::format("cannot start {} worker threads (started {}): {}; use a smaller -j",
                      job_.threads, threads->empty() ? 0 : threads->size() - 1, e.what()));
    }
    return Status::OK();
  }

  void ReadLoop() {
    for (uint64_t seq = 0;; ++seq) {
      std::unique_ptr<RecordBatch> batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return aborted_ || in_flight_ < capacity_; });
        if (aborted_) break;
        if (!pool_.empty()) {
          batch = std::move(pool_.back());
          pool_.pop_back();
        }
      }
      if (!batch) batch = std::make_unique<RecordBatch>();
      StatusOr<bool> more = source_->Next(batch.get());
      std::lock_guard<std::mutex> lock(mu_);
      if (!more.ok() || !*more) {
        if (!more.ok()) read_status_ = more.status();
        batches_total_ = seq;
        reader_done_ = true;
        break;
      }
      ++in_flight_;
      work_.push_back(Work{seq, std::move(batch)});
      cv_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu_);
    reader_done_ = true;
    cv_.notify_all();
  }

  void WorkLoop() {
    BatchProcessor processor(analyzer_, job_);
    while (true) {
      Work work;
      std::unique_ptr<BatchResult> result;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return aborted_ || !work_.empty() || reader_done_; });
        if (aborted_ || work_.empty()) return;
        work = std::move(work_.front());
        work_.pop_front();
        if (!result_pool_.empty()) {
          result = std::move(result_pool_.back());
          result_pool_.pop_back();
        }
      }
      if (!result) result = std::make_unique<BatchResult>();
      processor.Process(*work.batch, result.get());
      work.batch->Clear();
      std::lock_guard<std::mutex> lock(mu_);
      pool_.push_back(std::move(work.batch));
      done_[work.seq] = std::move(result);
      cv_.notify_all();
    }
  }

  Status WriteLoop(ResultWriter* writer, RunSummary* summary, ProgressTicker* ticker) {
    for (uint64_t next = 0;; ++next) {
      std::unique_ptr<BatchResult> result;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] {
          return done_.count(next) || (reader_done_ && next >= batches_total_);
        });
        if (!done_.count(next)) return Status::OK();
        result = std::move(done_[next]);
        done_.erase(next);
      }
      PARLEY_RETURN_IF_ERROR(writer->Write(*result, summary));
      ticker->Tick(*summary);
      // Every result goes back to the pool: a sink's keep their Posts for
      // reuse, and formatted output its buffer, whose fresh pages were page
      // faults (~20 us each on the development VM) or a whole huge page
      // zeroed, batch after batch.
      result->Reset();
      std::lock_guard<std::mutex> lock(mu_);
      result_pool_.push_back(std::move(result));
      --in_flight_;
      cv_.notify_all();
    }
  }

  const Analyzer& analyzer_;
  const AnalyzeJob& job_;
  BatchSource* source_;
  const size_t capacity_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Work> work_;
  std::vector<std::unique_ptr<RecordBatch>> pool_;
  std::vector<std::unique_ptr<BatchResult>> result_pool_;
  std::map<uint64_t, std::unique_ptr<BatchResult>> done_;
  size_t in_flight_ = 0;
  bool reader_done_ = false;
  bool aborted_ = false;
  uint64_t batches_total_ = UINT64_MAX;
  Status read_status_;
};

// Opens every file input once so a missing file or column fails the run
// before any output is written. Standard input and pipes (`<(zcat x.gz)`,
// a FIFO), whose bytes can be read only once, are checked when read.
// The rejects file is made at the first reject, which may come after all
// the output: a path where it cannot be made fails here instead.
// `tell`: call AnalyzeJob::on_guessed_columns (once a run: RunAnalyze()'s
// check, not CheckInputs()').
Status Preflight(Env* env, const AnalyzeJob& job, bool tell) {
  PARLEY_RETURN_IF_ERROR(env->CheckWritable(job.rejects_path));
  for (const std::string& path : job.inputs) {
    if (ReadOnlyOnce(env, path)) continue;
    PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                            OpenRecordReader(env, path, job.reader));
    if (tell) TellGuesses(job, path, *reader);
  }
  return Status::OK();
}

Status RunAll(Env* env, const Analyzer& analyzer, const AnalyzeJob& job, WritableFile* out,
              RunSummary* summary, const ProgressFn& progress) {
  std::string header = out ? OutputHeader(job.output) : std::string();
  if (!header.empty()) PARLEY_RETURN_IF_ERROR(out->Append(header));
  BatchSource source(env, job);
  ResultWriter writer(env, job, out);
  ProgressTicker ticker(progress);
  Status s = job.threads <= 1
                 ? RunSingleThreaded(analyzer, job, &source, &writer, summary, &ticker)
                 : ParallelRun(analyzer, job, &source).Run(&writer, summary, &ticker);
  Status closed = writer.Close();
  PARLEY_RETURN_IF_ERROR(s);
  return closed;
}

StatusOr<RunSummary> RunToSink(Env* env, const Analyzer& analyzer, const AnalyzeJob& job,
                              const ProgressFn& progress, Clock::time_point start) {
  RunSummary summary;
  summary.inputs = job.inputs.size();
  PARLEY_RETURN_IF_ERROR(RunAll(env, analyzer, job, nullptr, &summary, progress));
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (progress) progress(summary, true);
  return summary;
}

}  // namespace

void AppendReject(std::string_view input, uint64_t line, std::string_view reason,
                  std::string_view raw, std::string* out) {
  out->append("{\"input\":");
  AppendJsonString(input, out);
  out->append(",\"line\":");
  out->append(std::to_string(line));
  out->append(",\"reason\":");
  AppendJsonString(reason, out);
  if (simdjson::validate_utf8(raw.data(), raw.size())) {
    out->append(",\"raw\":");
    AppendJsonString(raw, out);
  } else {
    out->append(",\"raw_base64\":\"");
    AppendBase64(raw, out);
    out->push_back('"');
  }
  out->append("}\n");
}

Status CheckInputs(Env* env, const AnalyzeJob& job) { return Preflight(env, job, false); }

StatusOr<RunSummary> RunAnalyze(Env* env, const Analyzer& analyzer, const AnalyzeJob& job,
                                const ProgressFn& progress) {
  auto start = Clock::now();
  PARLEY_RETURN_IF_ERROR(Preflight(env, job, true));
  if (job.sink) return RunToSink(env, analyzer, job, progress, start);
  // Only a complete output gets the requested name (see StagingPath).
  std::string staging = StagingPath(env, job.output_path);
  // Registered before the file exists, so no signal finds it unregistered.
  std::unique_ptr<SignalCleanup> cleanup;
  if (staging != job.output_path) cleanup = env->RemoveOnSignal(staging);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> out, env->NewWritableFile(staging));
  RunSummary summary;
  summary.inputs = job.inputs.size();
  Status s = RunAll(env, analyzer, job, out.get(), &summary, progress);
  Status closed = out->Close();
  if (s.ok()) s = closed;
  if (s.ok()) {
    s = CommitStaged(env, staging, job.output_path);
  } else {
    DiscardStaged(env, staging, job.output_path);
  }
  PARLEY_RETURN_IF_ERROR(s);
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (progress) progress(summary, true);
  return summary;
}

}  // namespace parley
