// A small C++ program for coverage: a namespace, a class, an overload and a template.
#include <cstdio>

namespace shapes {

struct Rect {
    int width;
    int height;
    int area() const { return width * height; }
    bool is_square() const { return width == height; }
};

int scale(int value, int factor) { return value * factor; }
double scale(double value, double factor) { return value * factor; }

template <typename T>
T largest(T a, T b) {
    if (a > b) {
        return a;
    }
    return b;
}

int never_called(int x) {
    if (x > 0) {
        return 1;
    }
    return -1;
}

}  // namespace shapes

int main() {
    shapes::Rect r{3, 4};
    std::printf("%d %d\n", r.area(), shapes::scale(2, 3));
    std::printf("%d\n", shapes::largest(r.width, r.height));
    return r.is_square() ? 1 : 0;
}
