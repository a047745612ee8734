#include "badge/svg_to_png.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace mark::badge {
namespace {

std::mutex& RenderMutex() {
  static std::mutex m;
  return m;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

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

}  // namespace

Result<std::string> SvgToPng(std::string_view svg, int width_px) {
  if (width_px < kPngMinWidth || width_px > kPngMaxWidth)
    return Error::Invalid("width", "must be between " + std::to_string(kPngMinWidth) + " and " +
                                       std::to_string(kPngMaxWidth) + " pixels");
  if (svg.empty()) return Error::Invalid("svg", "is empty");

  std::lock_guard<std::mutex> lock(RenderMutex());
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, GObjectUnref> handle(rsvg_handle_new_from_data(
      reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
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

  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), &AppendToString, &png) != CAIRO_STATUS_SUCCESS)
    return Error::Make(ErrorCode::kInternal, "cairo: cannot write PNG");
  return png;
}

}  // namespace mark::badge
