from django.utils.deconstruct import deconstructible

from core.images import validate_image_file


@deconstructible
class LogoValidator:
    max_bytes = 2 * 1024 * 1024

    def __call__(self, file):
        validate_image_file(file, max_bytes=self.max_bytes, max_pixels=16_000_000)

    def __eq__(self, other):
        return isinstance(other, LogoValidator)


validate_logo = LogoValidator()
