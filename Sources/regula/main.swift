print("regula: under construction")
