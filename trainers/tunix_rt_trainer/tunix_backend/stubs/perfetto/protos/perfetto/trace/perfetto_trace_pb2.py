class TrackDescriptor:
    class ChildTracksOrdering:
        EXPLICIT = 3


class TrackEvent:
    class Type:
        TYPE_SLICE_BEGIN = 1
        TYPE_SLICE_END = 2
