class TraceProtoBuilder:
    def __init__(self, *a, **k):
        raise ImportError("perfetto not installed (stand-in)")
