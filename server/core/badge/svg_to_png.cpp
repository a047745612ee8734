#include "badge/svg_to_png.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "badge/png_writer.h"

namespace mark::badge {
namespace {

// The one thread that renders (see the header). Never destroyed: it may
// be rendering while the process exits.
class RenderThread {
 public:
  static RenderThread& Instance() {
    static RenderThread* instance = new RenderThread();
    return *instance;
  }
  void Post(std::function<void()> job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  RenderThread() {
    std::thread([this] { Loop(); }).detach();
  }
  void Loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
};

std::string TakeMessage(GError* error) {
  std::string msg = error && error->message ? error->message : "unknown error";
  if (error) g_error_free(error);
  return msg;
}

struct GObjectUnref {
  void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

// The render itself; only ever on the render thread.
Result<std::string> Render(std::string_view svg, int width_px) {
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, GObjectUnref> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
  if (!handle) return Error::Invalid("svg", "cannot parse: " + TakeMessage(error));
  rsvg_handle_set_dpi(handle.get(), 96.0);

  double w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h)) {
    // No width/height attributes: fall back to the viewBox.
    gboolean has_w, has_h, has_vb;
    RsvgLength lw, lh;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(handle.get(), &has_w, &lw, &has_h, &lh, &has_vb, &vb);
    if (!has_vb) return Error::Invalid("svg", "has neither a size nor a viewBox");
    w = vb.width, h = vb.height;
  }
  if (!(w > 0) || !(h > 0)) return Error::Invalid("svg", "has no area");
  const double height_d = std::round(width_px * h / w);
  if (height_d < 1 || height_d > kPngMaxHeight)
    return Error::Invalid("width", "gives a height outside 1.." + std::to_string(kPngMaxHeight));
  const int height_px = static_cast<int>(height_d);

  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::Make(ErrorCode::kInternal, "cairo: cannot create surface");
  std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
  const RsvgRectangle viewport{0, 0, static_cast<double>(width_px), static_cast<double>(height_px)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error))
    return Error::Invalid("svg", "cannot render: " + TakeMessage(error));
  cairo_surface_flush(surface.get());

  return EncodeArgbPng(width_px, height_px, cairo_image_surface_get_stride(surface.get()),
                       cairo_image_surface_get_data(surface.get()));
}

}  // namespace

Result<std::string> SvgToPng(std::string_view svg, int width_px) {
  if (width_px < kPngMinWidth || width_px > kPngMaxWidth)
    return Error::Invalid("width", "must be between " + std::to_string(kPngMinWidth) + " and " +
                                       std::to_string(kPngMaxWidth) + " pixels");
  if (svg.empty()) return Error::Invalid("svg", "is empty");
  std::promise<Result<std::string>> done;
  auto result = done.get_future();
  RenderThread::Instance().Post([&] { done.set_value(Render(svg, width_px)); });
  return result.get();
}

void WarmUpRenderer(std::string svg, int width_px) {
  RenderThread::Instance().Post([svg = std::move(svg), width_px] { (void)Render(svg, width_px); });
}

}  // namespace mark::badge
